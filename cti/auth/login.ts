import { type AuditLog, actorOf } from '../audit/audit-log.js';
import type { LoginThrottle } from './login-throttle.js';
import {
  hashPassword,
  needsRehash,
  passwordProblem,
  verifyPassword,
  WeakPasswordError,
} from './passwords.js';
import type { SessionStore } from './sessions.js';
import { normaliseUsername, type PublicUser, type UserService } from './users.js';

export type LoginOutcome =
  | { kind: 'ok'; token: string; expiresAt: Date; user: PublicUser }
  | { kind: 'rejected'; message: string }
  | { kind: 'throttled'; retryAfterSeconds: number };

export type PasswordChangeOutcome =
  | { kind: 'ok'; otherSessionsEnded: number }
  | { kind: 'wrong_password' }
  | { kind: 'throttled'; retryAfterSeconds: number };

const WRONG_CREDENTIALS = 'username or password is wrong';

/**
 * Unknown usernames are checked against this hash, so a login for a name that does not exist takes
 * as long as one that does and the response time does not tell which names exist.
 */
let decoyHash: Promise<string> | null = null;
function decoy(): Promise<string> {
  decoyHash ??= hashPassword(`decoy-${Math.random()}-password`);
  return decoyHash;
}

/** Password logins and password changes: throttled, audited (never the password), HTTP-free. */
export class LoginService {
  constructor(
    private readonly users: UserService,
    private readonly sessions: SessionStore,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditLog,
  ) {}

  async login(typedUsername: string, password: string, ip: string): Promise<LoginOutcome> {
    const username = normaliseUsername(typedUsername).slice(0, 64);
    const target = `user:${username}`;
    const verdict = this.throttle.check(username, ip);
    if (!verdict.allowed) {
      if (verdict.firstRefusal) {
        this.audit.record({
          actor: actorOf(null, username),
          action: 'auth.login',
          target,
          outcome: 'denied',
          details: {
            reason: 'throttled',
            limitedBy: verdict.limitedBy,
            retryAfterSeconds: verdict.retryAfterSeconds,
          },
          ip,
        });
      }
      return { kind: 'throttled', retryAfterSeconds: verdict.retryAfterSeconds };
    }
    const row = this.users.loginRow(username);
    const matches = await verifyPassword(password, row?.passwordHash ?? (await decoy()));
    if (!row || !matches || row.disabled) {
      this.throttle.recordFailure(username, ip);
      const reason = !row ? 'unknown_user' : !matches ? 'wrong_password' : 'disabled';
      this.audit.record({
        actor: actorOf(null, username),
        action: 'auth.login',
        target,
        outcome: 'failed',
        details: { reason },
        ip,
      });
      // Only someone who knows the password learns that the account is disabled.
      const message =
        reason === 'disabled' ? `account "${username}" is disabled; ask an admin` : WRONG_CREDENTIALS;
      return { kind: 'rejected', message };
    }
    this.throttle.recordSuccess(username);
    if (needsRehash(row.passwordHash)) this.users.storePasswordHash(row.id, await hashPassword(password));
    this.sessions.pruneDead();
    const session = this.sessions.start(row.id);
    this.audit.record({
      actor: { type: 'user', id: row.id, name: row.username },
      action: 'auth.login',
      target,
      details: { expiresAt: session.expiresAt.toISOString() },
      ip,
    });
    return { kind: 'ok', ...session, user: this.users.get(row.id) };
  }

  /** A signed-in user changes their own password; their other sessions end, the current one stays. */
  async changeOwnPassword(
    userId: number,
    current: string,
    next: string,
    currentToken: string | null,
    ip: string,
  ): Promise<PasswordChangeOutcome> {
    const problem = passwordProblem(next);
    if (problem) throw new WeakPasswordError(problem);
    const user = this.users.get(userId);
    const actor = { type: 'user' as const, id: user.id, name: user.username };
    const target = `user:${user.username}`;
    const verdict = this.throttle.check(user.username, ip);
    if (!verdict.allowed) return { kind: 'throttled', retryAfterSeconds: verdict.retryAfterSeconds };
    const row = this.users.loginRow(user.username);
    if (!row || !(await verifyPassword(current, row.passwordHash))) {
      this.throttle.recordFailure(user.username, ip);
      this.audit.record({
        actor,
        action: 'auth.password_change',
        target,
        outcome: 'failed',
        details: { reason: 'wrong_password' },
        ip,
      });
      return { kind: 'wrong_password' };
    }
    await this.users.setPassword(user.id, next);
    const otherSessionsEnded = this.sessions.endAllForUser(user.id, currentToken ?? undefined);
    this.audit.record({ actor, action: 'auth.password_change', target, details: { otherSessionsEnded }, ip });
    return { kind: 'ok', otherSessionsEnded };
  }
}
