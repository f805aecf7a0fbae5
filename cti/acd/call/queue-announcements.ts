import type { CallSession } from '../../calls/call-session.js';
import { ignoreNotFound } from '../../infra/ari/errors.js';
import type { AriRest } from '../../infra/ari/types.js';
import type { Router } from '../engine/router.js';
import type { QueueAnnouncements } from '../engine/types.js';
import type { WaitingCalls } from './waiting-calls.js';

/**
 * What a waiting caller hears, from Asterisk's stock queue prompts (the ones app_queue uses):
 * "You are currently caller number 3, waiting to speak with a representative" (or "…first in
 * line…"), "The estimated hold time is currently 2 minutes" (or "less than 1 minute"), "Thank you
 * for your patience". No hold time is told before the queue has answered anyone.
 */
export function announcementMedia(
  position: number,
  holdTimeMs: number | null,
  config: QueueAnnouncements,
): string[] {
  const media: string[] = [];
  if (config.position) {
    if (position <= 1) media.push('sound:queue-youarenext');
    else media.push('sound:queue-thereare', `number:${position}`, 'sound:queue-callswaiting');
  }
  if (config.holdTime && holdTimeMs !== null) {
    const minutes = Math.round(holdTimeMs / 60_000);
    media.push('sound:queue-holdtime');
    if (minutes < 1) media.push('sound:queue-less-than', 'number:1', 'sound:queue-minute');
    else media.push(`number:${minutes}`, minutes === 1 ? 'sound:queue-minute' : 'sound:queue-minutes');
  }
  if (media.length > 0) media.push('sound:queue-thankyou');
  return media;
}

/** Where a caller stands now; undefined once they no longer wait (offered, answered, gone). */
export type WaitingInfo = (
  callId: string,
) => { position: number; holdTimeMs: number | null; config?: QueueAnnouncements } | undefined;

/** For announcements: the caller's place among those waiting in their queue, and its usual wait. */
export function waitingInfoFrom(router: Router, calls: WaitingCalls, clock: () => Date): WaitingInfo {
  return (callId) => {
    const call = calls.get(callId);
    if (!call || call.agentChannelId) return undefined;
    const now = clock();
    const queue = router.getQueue(call.queueId);
    const waiting = router.waitingCalls(now, call.queueId);
    const index = waiting.findIndex((w) => w.call.callId === callId);
    const stats = router.stats(call.queueId, now);
    return {
      position: index < 0 ? 1 : index + 1,
      holdTimeMs: stats && stats.answered > 0 ? stats.answerWaitTotalMs / stats.answered : null,
      ...(queue?.announcements ? { config: queue.announcements } : {}),
    };
  };
}

/**
 * Tells each waiting caller their place and the hold time every `everySeconds` of their queue,
 * over the music (a channel's own playback in a holding bridge pauses the music for that caller
 * only). A caller who is offered stops hearing them; one moved to another queue follows its rules.
 */
export class QueueAnnouncer {
  private readonly playing = new Map<string, string>();

  constructor(
    private readonly rest: () => AriRest,
    private readonly waiting: WaitingInfo,
  ) {}

  /** Starts the cycle for a caller who just began waiting. */
  start(session: CallSession): void {
    const callId = String(session.callId);
    const schedule = () => {
      const info = this.waiting(callId);
      if (!info?.config || session.ended) return;
      session.after(info.config.everySeconds * 1000, async () => {
        await this.announce(session, callId);
        schedule();
      });
    };
    schedule();
  }

  /** The caller is being connected: an announcement still playing must not run into the conversation. */
  async stop(callId: string): Promise<void> {
    const playbackId = this.playing.get(callId);
    this.playing.delete(callId);
    if (playbackId) await ignoreNotFound(this.rest().stopPlayback(playbackId));
  }

  private async announce(session: CallSession, callId: string): Promise<void> {
    const info = this.waiting(callId);
    if (!info?.config || session.ended) return;
    const media = announcementMedia(info.position, info.holdTimeMs, info.config);
    if (media.length === 0) return;
    const playbackId = `announce-${session.callId}-${Date.now().toString(36)}`;
    this.playing.set(callId, playbackId);
    const finished = session.waitForPlayback(playbackId);
    await ignoreNotFound(this.rest().play(session.channelId, media, playbackId));
    await finished;
    if (this.playing.get(callId) === playbackId) this.playing.delete(callId);
  }
}
