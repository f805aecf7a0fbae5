/**
 * Why a recording request was refused. The service knows nothing of HTTP; routes.ts turns `kind`
 * into a status and `code` into the error field the client can branch on.
 */
export class RecordingRuleError extends Error {
  override readonly name = 'RecordingRuleError';

  constructor(
    readonly kind: 'not_found' | 'forbidden' | 'conflict' | 'asterisk_unavailable' | 'asterisk_failed',
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
