import type { FromAgent } from './messages.js';

/** Longer than any reason code the HTTP API accepts (80): the same limit on both ways in. */
const MAX_REASON_LENGTH = 80;
const MAX_ID_LENGTH = 64;

export type Parsed<T> =
  | { ok: true; message: T }
  | { ok: false; code: string; message: string; replyTo?: string | number };

/**
 * Reads one frame from a client. Never throws: whatever arrives, the answer is a message or a
 * sentence saying what is wrong with it, which the socket sends back as an `error`.
 */
export function parseInbound(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): Parsed<FromAgent> {
  if (isBinary) return fail('binary', 'send JSON in text frames, not binary ones');
  const text = Array.isArray(data)
    ? Buffer.concat(data).toString('utf8')
    : Buffer.isBuffer(data)
      ? data.toString('utf8')
      : Buffer.from(data).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('invalid-json', `the message is not JSON: ${quote(text)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail('invalid-message', 'a message is a JSON object with a "type"');
  const fields = value as Record<string, unknown>;
  const id = fields.id;
  if (id !== undefined && !isId(id))
    return fail('invalid-message', `"id" must be a string of up to ${MAX_ID_LENGTH} characters or a number`);
  const replyTo = id as string | number | undefined;
  const withReply = <T>(parsed: Parsed<T>): Parsed<T> =>
    parsed.ok || replyTo === undefined ? parsed : { ...parsed, replyTo };
  const type = fields.type;
  if (typeof type !== 'string') return withReply(fail('invalid-message', 'the message has no "type"'));
  if (type === 'ping')
    return { ok: true, message: { type, ...(replyTo !== undefined ? { id: replyTo } : {}) } };
  if (type !== 'set-state')
    return withReply(fail('unknown-type', `unknown message type ${quote(type)}: send set-state or ping`));
  const { state, reason } = fields;
  if (typeof state !== 'string' || state === '')
    return withReply(fail('invalid-message', 'set-state needs "state" (available, paused or logged-out)'));
  if (reason !== undefined && (typeof reason !== 'string' || reason.length > MAX_REASON_LENGTH))
    return withReply(
      fail('invalid-message', `"reason" must be a string of up to ${MAX_REASON_LENGTH} characters`),
    );
  return {
    ok: true,
    message: {
      type,
      state,
      ...(reason !== undefined ? { reason } : {}),
      ...(replyTo !== undefined ? { id: replyTo } : {}),
    },
  };
}

function isId(id: unknown): boolean {
  return (
    (typeof id === 'string' && id.length <= MAX_ID_LENGTH) || (typeof id === 'number' && Number.isFinite(id))
  );
}

function fail(code: string, message: string): Parsed<never> {
  return { ok: false, code, message };
}

/** Enough of what the client sent to recognise it, never a whole frame back. */
function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
