/**
 * Waits for a channel the daemon created (a snoop) to enter the Stasis app: only then can it join
 * a bridge. Its StasisStart can arrive before the REST call that made it returns, so the wait is
 * set up first.
 */
export class StasisArrivals {
  private readonly waiting = new Map<string, { resolve: () => void; timer: NodeJS.Timeout }>();

  expect(channelId: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(channelId);
        reject(new Error(`channel ${channelId} did not enter the Stasis app within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(channelId, { resolve, timer });
    });
  }

  arrived(channelId: string): void {
    const waiter = this.waiting.get(channelId);
    if (!waiter) return;
    clearTimeout(waiter.timer);
    this.waiting.delete(channelId);
    waiter.resolve();
  }

  /** The channel will not come (its creation failed): stop waiting without an error. */
  forget(channelId: string): void {
    this.arrived(channelId);
  }
}
