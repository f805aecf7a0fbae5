import { ignoreNotFound } from '../../infra/ari/errors.js';
import type { AriEvent, AriRest } from '../../infra/ari/types.js';
import type { Logger } from '../../infra/logger.js';

export const AGENT_LEG_PREFIX = 'agent-';

export interface RingRequest {
  offerId: string;
  device: string;
  callerNumber: string;
  ringTimeoutSeconds: number;
}

export type LegFailure = 'no-answer' | 'busy' | 'failed';

/** What the ACD hears about the agent legs it rang. */
export interface AgentLegListener {
  answered(offerId: string, channelId: string): void;
  failed(offerId: string, reason: LegFailure): void;
  /** The agent hung up (or their leg vanished) after answering. */
  ended(offerId: string): void;
}

/**
 * Rings agents' devices over ARI. The leg's channel id carries the offer id, so every event
 * about it (ringing, answer, hangup, even before it enters the app) finds its offer.
 */
export class AgentLegs {
  private readonly answeredLegs = new Set<string>();
  private readonly endedLegs = new Set<string>();

  constructor(
    private readonly rest: () => AriRest,
    private readonly app: string,
    private readonly listener: AgentLegListener,
    private readonly logger: Logger,
  ) {}

  static channelIdOf(offerId: string): string {
    return `${AGENT_LEG_PREFIX}${offerId}`;
  }

  async ring(req: RingRequest): Promise<void> {
    await this.rest().originate({
      endpoint: req.device,
      app: this.app,
      appArgs: `agent,${req.offerId}`,
      channelId: AgentLegs.channelIdOf(req.offerId),
      callerId: req.callerNumber,
      timeout: req.ringTimeoutSeconds,
    });
  }

  /** A leg found answered and bridged after a restart: its end must end the call. */
  adoptAnswered(channelId: string): void {
    this.answeredLegs.add(channelId);
  }

  /** Stop ringing (the caller hung up, or the offer was withdrawn). */
  async cancel(offerId: string): Promise<void> {
    await ignoreNotFound(this.rest().hangup(AgentLegs.channelIdOf(offerId)));
  }

  handle = (event: AriEvent): void => {
    // The far half of a Local agent device is "<id>;2": only the leg the daemon originated counts.
    if (
      !('channel' in event) ||
      !event.channel.id.startsWith(AGENT_LEG_PREFIX) ||
      event.channel.id.includes(';')
    )
      return;
    const channelId = event.channel.id;
    const offerId = channelId.slice(AGENT_LEG_PREFIX.length);
    if (event.type === 'StasisStart' && event.args[0] === 'agent') {
      this.answeredLegs.add(channelId);
      this.listener.answered(offerId, channelId);
    } else if (event.type === 'StasisEnd' || event.type === 'ChannelDestroyed') {
      // An answered leg ends once (StasisEnd, and maybe a ChannelDestroyed after it).
      if (this.answeredLegs.delete(channelId)) {
        this.endedLegs.add(channelId);
        this.listener.ended(offerId);
        return;
      }
      if (this.endedLegs.has(channelId)) {
        if (event.type === 'ChannelDestroyed') this.endedLegs.delete(channelId);
        return;
      }
      if (event.type !== 'ChannelDestroyed') return;
      const reason: LegFailure =
        event.cause === 17 ? 'busy' : [18, 19, 0].includes(event.cause) ? 'no-answer' : 'failed';
      this.logger.info({ offerId, cause: event.cause_txt }, 'agent did not take the offer');
      this.listener.failed(offerId, reason);
    }
  };
}
