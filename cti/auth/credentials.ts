import type { IncomingHttpHeaders } from 'node:http';

/** What a request offers as proof of identity, read from its headers without touching the database. */
export type Credentials =
  | { kind: 'none' }
  | { kind: 'session'; token: string }
  | { kind: 'api_key'; key: string }
  | { kind: 'malformed'; reason: string };

/** Longer than any token or key we issue; anything bigger is refused before hashing. */
const MAX_CREDENTIAL_LENGTH = 256;

/** Reads `Authorization: Bearer <token>` or `x-api-key: <key>`; never throws, whatever the headers hold. */
export function readCredentials(headers: IncomingHttpHeaders): Credentials {
  const authorization = headers.authorization;
  const apiKey = headers['x-api-key'];
  const hasAuthorization = authorization !== undefined && authorization !== '';
  const hasApiKey = apiKey !== undefined && apiKey !== '';
  if (hasAuthorization && hasApiKey) {
    return {
      kind: 'malformed',
      reason: 'send either an Authorization header or an x-api-key header, not both',
    };
  }
  if (hasAuthorization) return readAuthorization(String(authorization));
  if (hasApiKey) {
    if (Array.isArray(apiKey)) return { kind: 'malformed', reason: 'send one x-api-key header, not several' };
    const key = String(apiKey).trim();
    if (key.length > MAX_CREDENTIAL_LENGTH || key.includes(',')) {
      return { kind: 'malformed', reason: 'the x-api-key header does not hold an API key (sb_...)' };
    }
    return { kind: 'api_key', key };
  }
  return { kind: 'none' };
}

function readAuthorization(value: string): Credentials {
  const [scheme = '', token = '', ...extra] = value.trim().split(/\s+/);
  if (scheme.toLowerCase() !== 'bearer') {
    const shown = /^[A-Za-z-]{1,20}$/.test(scheme) ? `"${scheme}"` : 'an unknown scheme';
    return { kind: 'malformed', reason: `the Authorization header uses ${shown}; send "Bearer <token>"` };
  }
  if (token === '')
    return { kind: 'malformed', reason: 'the Authorization header says Bearer but holds no token' };
  if (extra.length > 0) {
    return { kind: 'malformed', reason: 'the Authorization header holds more than "Bearer <token>"' };
  }
  if (token.length > MAX_CREDENTIAL_LENGTH) {
    return { kind: 'malformed', reason: 'the bearer token is longer than any token this server issues' };
  }
  return { kind: 'session', token };
}

/** The session token of a request, for logout and password changes that end the other sessions. */
export function sessionTokenOf(headers: IncomingHttpHeaders): string | null {
  const credentials = readCredentials(headers);
  return credentials.kind === 'session' ? credentials.token : null;
}
