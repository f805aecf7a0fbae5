import { ignoreNotFound } from '../infra/ari/errors.js';
import type { AriRest } from '../infra/ari/types.js';

export const BRIDGE_NAME_PREFIX = 'switchboard:';

/**
 * A holding bridge with music where callers wait (the lobby, each queue). It has a fixed id so a
 * restarted daemon finds it again instead of leaking one bridge per restart.
 */
export class HoldingBridge {
  private ready: Promise<void> | null = null;

  constructor(
    private readonly rest: () => AriRest,
    readonly id: string,
    readonly name: string,
    private readonly mohClass?: string,
  ) {}

  /** Makes sure the bridge exists (after an Asterisk restart it does not). */
  ensure(): Promise<void> {
    this.ready ??= this.create().catch((err) => {
      this.ready = null;
      throw err;
    });
    return this.ready;
  }

  /** Forget the cached bridge: called on every (re)connect, since Asterisk may have restarted. */
  invalidate(): void {
    this.ready = null;
  }

  async admit(channelId: string): Promise<void> {
    await this.ensure();
    await this.rest().addChannelToBridge(this.id, channelId);
  }

  private async create(): Promise<void> {
    const existing = (await this.rest().listBridges()).find((b) => b.id === this.id);
    if (existing) return;
    await this.rest().createBridge(this.id, 'holding', `${BRIDGE_NAME_PREFIX}${this.name}`);
    await ignoreNotFound(this.rest().startBridgeMoh(this.id, this.mohClass));
  }
}
