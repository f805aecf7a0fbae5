import { randomBytes, scryptSync } from 'node:crypto';
import t from 'tap';
import {
  CURRENT_PARAMS,
  hashPassword,
  MIN_PASSWORD_LENGTH,
  needsRehash,
  passwordProblem,
  verifyPassword,
  WeakPasswordError,
} from '../../cti/auth/passwords.js';

const GOOD = 'correct horse battery staple';

t.test('a hash describes itself and verifies only the right password', async (t) => {
  const started = performance.now();
  const hash = await hashPassword(GOOD);
  t.comment(`one hash took ${Math.round(performance.now() - started)} ms`);
  const { ln, r, p } = CURRENT_PARAMS;
  t.match(hash, new RegExp(`^\\$scrypt\\$ln=${ln},r=${r},p=${p}\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}$`));
  t.notOk(hash.includes(GOOD), 'the password is not in the hash');
  t.equal(await verifyPassword(GOOD, hash), true);
  t.equal(await verifyPassword(`${GOOD}!`, hash), false);
  t.equal(await verifyPassword('', hash), false);
  t.not(await hashPassword(GOOD), hash, 'a new salt each time');
  t.equal(needsRehash(hash), false);
});

t.test('passwords under 12 characters are refused with a sentence saying so', async (t) => {
  t.equal(passwordProblem('short'), `password must be at least ${MIN_PASSWORD_LENGTH} characters (got 5)`);
  t.equal(passwordProblem('x'.repeat(12)), null);
  t.match(passwordProblem('x'.repeat(1025)) ?? '', /at most 1024 characters/);
  await t.rejects(hashPassword('elevenchars'), WeakPasswordError);
  await t.rejects(hashPassword('elevenchars'), { message: /at least 12 characters \(got 11\)/ });
  // Characters, not bytes: twelve accented letters are twelve characters.
  t.equal(passwordProblem('é'.repeat(12)), null);
});

t.test('composed and decomposed accents are the same password', async (t) => {
  const hash = await hashPassword('caf\u00e9-au-lait-please');
  t.equal(await verifyPassword('cafe\u0301-au-lait-please', hash), true);
});

t.test('older, weaker hashes still verify and ask to be re-hashed', async (t) => {
  const salt = randomBytes(16);
  const key = scryptSync(GOOD, salt, 32, { N: 2 ** 12, r: 8, p: 1 });
  const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');
  const old = `$scrypt$ln=12,r=8,p=1$${b64(salt)}$${b64(key)}`;
  t.equal(await verifyPassword(GOOD, old), true);
  t.equal(await verifyPassword('wrong password here', old), false);
  t.equal(needsRehash(old), true);
});

t.test('unreadable or absurd stored hashes never match and never throw', async (t) => {
  const salt = 'c2FsdHNhbHRzYWx0c2FsdA';
  const hash = 'aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';
  for (const stored of [
    '',
    'plain-text-password',
    `$argon2id$v=19$m=65536,t=3,p=4$${salt}$${hash}`,
    `$scrypt$ln=30,r=8,p=1$${salt}$${hash}`,
    `$scrypt$ln=16,r=8,p=1$$${hash}`,
    `$scrypt$ln=0,r=8,p=1$${salt}$${hash}`,
  ]) {
    t.equal(await verifyPassword(GOOD, stored), false, JSON.stringify(stored));
    t.equal(needsRehash(stored), true);
  }
});

t.test('hashing runs off the event loop', async (t) => {
  // Compared with the time of one hash, not a fixed figure: a hash on the loop would block it for
  // all of that time, however busy the machine; off the loop the gaps stay a small part of it.
  const started = performance.now();
  await hashPassword(GOOD);
  const oneHashMs = performance.now() - started;
  let worstGap = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    worstGap = Math.max(worstGap, now - last);
    last = now;
  }, 5);
  await Promise.all([hashPassword(GOOD), hashPassword(GOOD), verifyPassword(GOOD, await hashPassword(GOOD))]);
  clearInterval(timer);
  t.comment(
    `longest event-loop gap while hashing: ${Math.round(worstGap)} ms; one hash ${Math.round(oneHashMs)} ms`,
  );
  t.ok(
    worstGap < oneHashMs / 3,
    `the event loop kept turning (worst gap ${Math.round(worstGap)} ms, one hash ${Math.round(oneHashMs)} ms)`,
  );
});
