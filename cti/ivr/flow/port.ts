import type { ResolvedPrompt } from './types.js';

/**
 * Everything the flow interpreter needs from a call. The ARI port implements it over a live
 * channel, the simulator over a digit script; the interpreter is the same, so both take the same
 * path for the same inputs.
 *
 * How a caller's keys reach the interpreter (the port MUST honour this exactly):
 *  - Keys only count while the interpreter is listening: during play({ bargeIn: true }) and
 *    readDigits(), plus the short gap between the two (see readDigits). Keys pressed during
 *    play({ bargeIn: false }), during an http lookup or while nothing is asked are dropped.
 *  - Every menu or collect attempt is one "wait": play(prompts, { bargeIn: true }), then, unless
 *    the first key already settled it, readDigits() with that key as `initial`.
 *  - Whichever resolves first wins; when the caller hangs up, the pending and every later call
 *    resolves 'hangup' (terminal actions just return).
 */
export interface FlowPort {
  /** Wall clock of the call (time conditions, PathStep.enteredAt). */
  now(): Date;

  /**
   * Play the prompts in order; resolves when the last one ends.
   * bargeIn true: the first key pressed after play() was called stops playback at once and
   * resolves { digit } — later keys of the same burst belong to the readDigits() that follows.
   * bargeIn false: keys are ignored and dropped; resolves {} after the last prompt.
   * An empty list resolves {} at once. A prompt that cannot be played (missing file) is skipped.
   */
  play(prompts: ResolvedPrompt[], opts: { bargeIn: boolean }): Promise<{ digit?: string } | 'hangup'>;

  /**
   * Read keys after the prompts of a wait. `initial` (the barge-in key, if any) counts as already
   * read. Keys pressed since the preceding play() resolved are buffered and count as read now.
   * Ends with:
   *  - 'terminator': the terminator key was pressed (not included in digits);
   *  - 'max': digits reached `max`;
   *  - 'timeout': no key within firstTimeoutMs (only when nothing was read yet, digits '') or
   *    no further key within interDigitTimeoutMs of the last one (digits so far).
   * Only 0-9, * and # are reported.
   */
  readDigits(opts: {
    max: number;
    terminator?: string;
    firstTimeoutMs: number;
    interDigitTimeoutMs: number;
    initial?: string;
  }): Promise<{ digits: string; ended: 'max' | 'terminator' | 'timeout' } | 'hangup'>;

  /**
   * One HTTP request to a host the flow's validation allowed (the port should check again with
   * hostAllowed()). body, when present, is sent as JSON. Any failure — timeout (report
   * 'timeout'), DNS, TLS, refused host — is { error }; the answer body is parsed JSON when it is
   * JSON, else the text. The caller hears silence meanwhile.
   */
  httpRequest(req: {
    method: 'GET' | 'POST' | 'PUT';
    url: string;
    headers: Record<string, string>;
    body?: unknown;
    timeoutMs: number;
  }): Promise<{ status: number; body: unknown } | { error: string }>;

  /** Hand the call to the ACD. Returns when the call has left the flow. */
  queue(req: {
    queue: string;
    skills: string[];
    priority: number;
    variables: Record<string, string>;
  }): Promise<void>;

  /**
   * Dial `to` (already passed through safeDialTarget: only digits, leading +, * and #) via the
   * configured `route`. Returns when the call has left the flow.
   */
  transfer(req: {
    to: string;
    route: string;
    timeoutSeconds: number;
    variables: Record<string, string>;
  }): Promise<void>;

  /** Record a message for `mailbox`. Returns when the call has left the flow. */
  voicemail(req: { mailbox: string; maxSeconds: number; beep: boolean }): Promise<void>;

  /** End the call. */
  hangup(): Promise<void>;
}
