import type { StateSpan } from './agent-spans.js';

/** An answered call's handling by its agent, in ms. */
export interface Handling {
  /** From the answer until the agent left on-call. */
  talkMs: number;
  /** The wrap-up that followed at once (0 when the agent went straight to another state). */
  wrapUpMs: number;
}

/**
 * How long the agent handled a call answered at `answeredAt`: talk runs from the answer to the
 * end of the agent's on-call span holding that instant, wrap-up is the wrap-up span starting right
 * after it. Null while either is still running (or the log has no such span): the call counts as
 * answered but stays out of handle-time figures until its handling is over.
 */
export function handlingOf(spans: readonly StateSpan[] | undefined, answeredAt: number): Handling | null {
  if (!spans) return null;
  const i = spans.findIndex(
    (s) => s.state === 'on-call' && s.start <= answeredAt && (s.end === null || answeredAt < s.end),
  );
  const talk = spans[i];
  if (!talk || talk.end === null) return null;
  const next = spans[i + 1];
  if (next?.state === 'wrap-up' && next.start === talk.end) {
    if (next.end === null) return null;
    return { talkMs: talk.end - answeredAt, wrapUpMs: next.end - next.start };
  }
  return { talkMs: talk.end - answeredAt, wrapUpMs: 0 };
}
