import { AriRequestError } from '../../cti/infra/ari/errors.js';
import type { AriEvent, AriRest, SnoopOptions } from '../../cti/infra/ari/types.js';

type Handler = (event: AriEvent) => void;

/**
 * Just enough of Asterisk for the supervision service: channels and bridges by id, the REST calls
 * made (in order, as text), and StasisStart / StasisEnd sent back like ARI does (after the answer
 * to the request that caused them). `hold` makes the next snoop wait until released.
 */
export class FakeAri {
  readonly ops: string[] = [];
  readonly channels = new Set<string>();
  readonly bridges = new Map<string, Set<string>>();
  readonly endpoints = new Set<string>(['sup-desk']);
  private handlers: Handler[] = [];
  private held: (() => void) | null = null;
  holdNextSnoop = false;

  onEvent(handler: Handler): void {
    this.handlers.push(handler);
  }

  emit(type: string, channelId: string, extra: Record<string, unknown> = {}): void {
    const event = {
      type,
      application: 'switchboard',
      timestamp: new Date().toISOString(),
      channel: { id: channelId },
      ...extra,
    } as unknown as AriEvent;
    for (const handler of this.handlers) handler(event);
  }

  /** The supervisor picks up their phone. */
  answer(phoneId: string, monitorId: string): void {
    this.emit('StasisStart', phoneId, { args: ['monitor-phone', monitorId] });
  }

  /** A channel goes away on its own; one never answered (never in the app) has no StasisEnd. */
  vanish(channelId: string, cause = { cause: 16, cause_txt: 'Normal Clearing' }, inApp = true): void {
    this.drop(channelId);
    if (inApp) this.emit('StasisEnd', channelId);
    this.emit('ChannelDestroyed', channelId, cause);
  }

  release(): void {
    this.held?.();
    this.held = null;
  }

  private drop(channelId: string): void {
    this.channels.delete(channelId);
    for (const members of this.bridges.values()) members.delete(channelId);
  }

  private later(step: () => void): void {
    setImmediate(step);
  }

  readonly rest = {
    snoop: async (channelId: string, options: SnoopOptions) => {
      this.ops.push(`snoop ${options.snoopId} on ${channelId} spy=${options.spy} whisper=${options.whisper}`);
      if (this.holdNextSnoop) {
        this.holdNextSnoop = false;
        await new Promise<void>((resolve) => {
          this.held = resolve;
        });
      }
      if (!this.channels.has(channelId))
        throw new AriRequestError('channels.snoopChannel', 'Channel not found', true);
      this.channels.add(options.snoopId);
      this.later(() => this.emit('StasisStart', options.snoopId, { args: options.appArgs.split(',') }));
      return { id: options.snoopId };
    },
    originate: async (params: { endpoint: string; channelId?: string; appArgs?: string }) => {
      this.ops.push(`originate ${params.channelId} to ${params.endpoint} args=${params.appArgs}`);
      if (params.channelId) this.channels.add(params.channelId);
      return { id: params.channelId };
    },
    hangup: async (channelId: string) => {
      if (!this.channels.has(channelId))
        throw new AriRequestError('channels.hangup', 'Channel not found', true);
      this.ops.push(`hangup ${channelId}`);
      this.drop(channelId);
      this.later(() => this.emit('StasisEnd', channelId));
    },
    createBridge: async (bridgeId: string) => {
      this.ops.push(`create bridge ${bridgeId}`);
      this.bridges.set(bridgeId, new Set());
      return { id: bridgeId };
    },
    addChannelToBridge: async (bridgeId: string, channelId: string) => {
      const bridge = this.bridges.get(bridgeId);
      if (!bridge) throw new AriRequestError('bridges.addChannel', 'Bridge not found', true);
      if (!this.channels.has(channelId))
        throw new AriRequestError('bridges.addChannel', 'Channel not found', true);
      this.ops.push(`add ${channelId} to ${bridgeId}`);
      bridge.add(channelId);
    },
    destroyBridge: async (bridgeId: string) => {
      if (!this.bridges.delete(bridgeId))
        throw new AriRequestError('bridges.destroy', 'Bridge not found', true);
      this.ops.push(`destroy bridge ${bridgeId}`);
    },
    listChannels: async () => [...this.channels].map((id) => ({ id })),
    listBridges: async () => [...this.bridges].map(([id, members]) => ({ id, channels: [...members] })),
    getConfigObject: async (ref: { id: string }) =>
      this.endpoints.has(ref.id) ? [{ attribute: 'context', value: 'x' }] : null,
  } as unknown as AriRest;
}
