import type { CallSession } from '../../calls/call-session.js';
import { ignoreNotFound } from '../../infra/ari/errors.js';
import type { AriRest } from '../../infra/ari/types.js';
import type { Db } from '../../infra/db/client.js';
import { voicemails } from '../schema.js';

/**
 * Records a caller's message over ARI into Asterisk's recordings (spool/recording), stores it
 * with the call, then hangs up. '#' ends the message early; hanging up keeps what was said.
 */
export class VoicemailRecorder {
  constructor(
    private readonly rest: () => AriRest,
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  async record(
    session: CallSession,
    req: { mailbox: string; maxSeconds: number; beep: boolean },
  ): Promise<void> {
    const mailbox = req.mailbox.replace(/[^A-Za-z0-9_-]/g, '_');
    const name = `voicemail-${mailbox}-${session.callId}-${this.clock().getTime()}`;
    const done = session.waitForRecording(name);
    await this.rest().record(session.channelId, {
      name,
      format: 'wav',
      maxDurationSeconds: req.maxSeconds,
      beep: req.beep,
      terminateOn: '#',
      ifExists: 'fail',
    });
    const result = await done;
    this.db
      .insert(voicemails)
      .values({
        callId: session.callId,
        mailbox: req.mailbox,
        recordingName: name,
        durationSeconds: result.durationSeconds ?? null,
        createdAt: this.clock(),
      })
      .run();
    if (!session.ended) {
      session.hungUpByDaemon = true;
      await ignoreNotFound(this.rest().hangup(session.channelId));
    }
  }
}
