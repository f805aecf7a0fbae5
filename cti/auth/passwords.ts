import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashing with scrypt, async only: a synchronous KDF blocks the event loop for ~100 ms or more,
 * and Asterisk cuts an ARI websocket that is not read within 100 ms.
 *
 * Stored as a PHC string, `$scrypt$ln=16,r=8,p=2$<salt>$<hash>` (base64 without padding), so the
 * parameters travel with each hash and can be raised later: `needsRehash` tells login to re-hash.
 */

export const MIN_PASSWORD_LENGTH = 12;
/** scrypt cost is independent of input length, but a bound keeps request bodies and logs sane. */
export const MAX_PASSWORD_LENGTH = 1024;

interface ScryptParams {
  /** log2 of N, the CPU/memory cost. */
  ln: number;
  r: number;
  p: number;
}

/** OWASP's "N=2^16, r=8, p=2" option: 64 MiB per hash, about 0.3 s on one core of a small server. */
export const CURRENT_PARAMS: Readonly<ScryptParams> = { ln: 16, r: 8, p: 2 };
const SALT_BYTES = 16;
const HASH_BYTES = 32;
/** A hash read from the database is trusted only this far, so a tampered row cannot exhaust memory. */
const PARAM_LIMITS: Readonly<ScryptParams> = { ln: 20, r: 32, p: 16 };

/** Why a password cannot be used, in a sentence for the person choosing it; null when it is fine. */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    return `password must be at least ${MIN_PASSWORD_LENGTH} characters (got ${length})`;
  }
  if (length > MAX_PASSWORD_LENGTH) {
    return `password must be at most ${MAX_PASSWORD_LENGTH} characters (got ${length})`;
  }
  return null;
}

export class WeakPasswordError extends Error {
  override readonly name = 'WeakPasswordError';
}

/** Hashes a new password; throws WeakPasswordError when it is too short or too long. */
export async function hashPassword(password: string): Promise<string> {
  const problem = passwordProblem(password);
  if (problem) throw new WeakPasswordError(problem);
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, CURRENT_PARAMS, HASH_BYTES);
  const { ln, r, p } = CURRENT_PARAMS;
  return `$scrypt$ln=${ln},r=${r},p=${p}$${b64(salt)}$${b64(hash)}`;
}

/** True when the password matches; false for a wrong password or an unreadable stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const actual = await derive(password, parsed.salt, parsed.params, parsed.hash.length);
  return timingSafeEqual(actual, parsed.hash);
}

/** True when the stored hash was made with weaker parameters than today's (re-hash it at the next login). */
export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return true;
  const { ln, r, p } = parsed.params;
  return ln < CURRENT_PARAMS.ln || r < CURRENT_PARAMS.r || p < CURRENT_PARAMS.p;
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
}

const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,3}),p=(\d{1,3})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

function parseHash(stored: string): ParsedHash | null {
  const match = PHC.exec(stored);
  if (!match) return null;
  const params = { ln: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  if (params.ln < 1 || params.r < 1 || params.p < 1) return null;
  if (params.ln > PARAM_LIMITS.ln || params.r > PARAM_LIMITS.r || params.p > PARAM_LIMITS.p) return null;
  const salt = Buffer.from(match[4] ?? '', 'base64');
  const hash = Buffer.from(match[5] ?? '', 'base64');
  if (salt.length < 8 || hash.length < 16) return null;
  return { params, salt, hash };
}

function derive(password: string, salt: Buffer, params: ScryptParams, length: number): Promise<Buffer> {
  const N = 2 ** params.ln;
  // Node refuses above maxmem (32 MiB by default); scrypt needs about 128 * N * r bytes.
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 2 * 128 * N * params.r };
  // NFC so the same password typed on two keyboards (composed or decomposed accents) gives the same hash.
  const input = password.normalize('NFC');
  return new Promise((resolve, reject) => {
    scrypt(input, salt, length, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}
