import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes as base64url (43 characters): the bearer token a login hands out. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * SHA-256 (hex) of a token or key, which is all the database keeps. A fast hash is enough here:
 * the input is 256 random bits, so there is nothing to guess, and lookups stay one index probe.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
