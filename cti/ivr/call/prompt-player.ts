import { randomUUID } from 'node:crypto';
import type { CallSession } from '../../calls/call-session.js';
import { ignoreNotFound } from '../../infra/ari/errors.js';
import type { AriRest } from '../../infra/ari/types.js';

/**
 * Plays media on a channel one item at a time (so each shows as its own playback and a key can
 * stop the current one), resolving 'done', 'interrupted' or 'hangup'.
 */
export class PromptPlayer {
  constructor(
    private readonly rest: () => AriRest,
    private readonly session: CallSession,
  ) {}

  async play(media: string[], interrupted: Promise<void> | null): Promise<'done' | 'interrupted' | 'hangup'> {
    let stop = false;
    let current: string | null = null;
    void interrupted?.then(() => {
      stop = true;
      if (current) void ignoreNotFound(this.rest().stopPlayback(current)).catch(() => {});
    });
    for (const uri of media) {
      if (stop) return 'interrupted';
      if (this.session.ended) return 'hangup';
      const playbackId = randomUUID();
      current = playbackId;
      const finished = this.session.waitForPlayback(playbackId);
      await this.rest().play(this.session.channelId, uri, playbackId);
      // A key that came while the play request was in flight found nothing to stop yet.
      if (stop) await ignoreNotFound(this.rest().stopPlayback(playbackId));
      await finished;
      current = null;
    }
    if (this.session.ended) return 'hangup';
    return stop ? 'interrupted' : 'done';
  }
}
