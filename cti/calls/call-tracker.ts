import type { CallSession } from './call-session.js';

/** Every live call the daemon owns, by channel id; shutdown waits here for them to drain. */
export class CallTracker {
  private readonly sessions = new Map<string, CallSession>();
  private drainWaiters: Array<() => void> = [];

  get(channelId: string): CallSession | undefined {
    return this.sessions.get(channelId);
  }

  add(session: CallSession): void {
    this.sessions.set(session.channelId, session);
  }

  remove(channelId: string): void {
    const session = this.sessions.get(channelId);
    if (!session) return;
    session.end();
    this.sessions.delete(channelId);
    if (this.sessions.size === 0) {
      for (const release of this.drainWaiters) release();
      this.drainWaiters = [];
    }
  }

  channelIds(): string[] {
    return [...this.sessions.keys()];
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Resolves true once no call is live, or false when the time runs out first. */
  drained(timeoutMs: number): Promise<boolean> {
    if (this.sessions.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.drainWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
