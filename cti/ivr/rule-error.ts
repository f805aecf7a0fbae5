import type { IssueView } from './flows/issue-view.js';

/**
 * A rule of the IVR services was broken (unknown flow, name taken, DID still routed...).
 * The services know nothing of HTTP; the routes turn `kind` into a status (see http/errors.ts).
 */
export class IvrRuleError extends Error {
  override readonly name = 'IvrRuleError';

  constructor(
    readonly kind: 'not_found' | 'conflict' | 'invalid' | 'unavailable',
    message: string,
  ) {
    super(message);
  }
}

/** A flow text has errors, so it was not saved or published; `issues` are the errors, each located. */
export class InvalidFlowError extends Error {
  override readonly name = 'InvalidFlowError';

  constructor(
    readonly issues: IssueView[],
    readonly warnings: IssueView[] = [],
  ) {
    const first = issues[0]?.text ?? 'the flow is invalid';
    super(`${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}: ${first}`);
  }
}

/** An upload is not audio we take: `received` names what came (content type or what the bytes are). */
export class UnsupportedAudioError extends Error {
  override readonly name = 'UnsupportedAudioError';
}

/** An upload is over the size limit. */
export class AudioTooLargeError extends Error {
  override readonly name = 'AudioTooLargeError';
}
