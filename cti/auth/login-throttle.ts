/** How many failed password checks a key may have inside a sliding window before it must wait. */
export interface FailureLimit {
  maxFailures: number;
  windowMs: number;
}

export interface ThrottleLimits {
  perUsername: FailureLimit;
  /**
   * Per client address. Much looser than per username: a contact centre's agents often share one
   * office NAT address, and a shift starting with a few typos must not lock the whole floor out.
   */
  perIp: FailureLimit;
}

export const DEFAULT_LIMITS: ThrottleLimits = {
  perUsername: { maxFailures: 5, windowMs: 15 * 60_000 },
  perIp: { maxFailures: 50, windowMs: 15 * 60_000 },
};

export type ThrottleVerdict =
  | { allowed: true }
  | {
      allowed: false;
      retryAfterSeconds: number;
      limitedBy: 'username' | 'ip';
      /** True for the first refusal of a lockout only, so the audit log gets one row, not one per retry. */
      firstRefusal: boolean;
    };

interface Tracked {
  failures: number[];
  refusalReported: boolean;
}

/**
 * Failed logins per username and per client address, in memory (a restart forgives everyone, which
 * is fine for slowing down guessing). The clock is injected so tests can move time.
 */
export class LoginThrottle {
  private readonly tracked = new Map<string, Tracked>();

  constructor(
    private readonly clock: () => Date,
    private readonly limits: ThrottleLimits = DEFAULT_LIMITS,
    private readonly maxTrackedKeys = 10_000,
  ) {}

  check(username: string, ip: string): ThrottleVerdict {
    const now = this.clock().getTime();
    const byName = this.verdictFor(`user:${username}`, this.limits.perUsername, now, 'username');
    if (!byName.allowed) return byName;
    return this.verdictFor(`ip:${ip}`, this.limits.perIp, now, 'ip');
  }

  recordFailure(username: string, ip: string): void {
    const now = this.clock().getTime();
    this.addFailure(`user:${username}`, now);
    this.addFailure(`ip:${ip}`, now);
  }

  /** A right password clears that username's failures; the address keeps its count (one good account must not reset a spray). */
  recordSuccess(username: string): void {
    this.tracked.delete(`user:${username}`);
  }

  private verdictFor(
    key: string,
    limit: FailureLimit,
    now: number,
    limitedBy: 'username' | 'ip',
  ): ThrottleVerdict {
    const entry = this.tracked.get(key);
    if (!entry) return { allowed: true };
    entry.failures = entry.failures.filter((at) => now - at < limit.windowMs);
    if (entry.failures.length < limit.maxFailures) {
      entry.refusalReported = false;
      if (entry.failures.length === 0) this.tracked.delete(key);
      return { allowed: true };
    }
    // The lockout ends when enough of the oldest failures have left the window.
    const freedAt = (entry.failures[entry.failures.length - limit.maxFailures] ?? now) + limit.windowMs;
    const firstRefusal = !entry.refusalReported;
    entry.refusalReported = true;
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((freedAt - now) / 1000)),
      limitedBy,
      firstRefusal,
    };
  }

  private addFailure(key: string, now: number): void {
    const entry = this.tracked.get(key);
    if (entry) {
      entry.failures.push(now);
      return;
    }
    if (this.tracked.size >= this.maxTrackedKeys) this.forgetOldest();
    this.tracked.set(key, { failures: [now], refusalReported: false });
  }

  /** Bounded memory under a flood of made-up usernames: drop the keys tracked longest (Map keeps insertion order). */
  private forgetOldest(): void {
    const excess = this.tracked.size - this.maxTrackedKeys + 1;
    let dropped = 0;
    for (const key of this.tracked.keys()) {
      if (dropped >= excess) break;
      this.tracked.delete(key);
      dropped += 1;
    }
  }
}
