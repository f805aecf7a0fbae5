import type { LiveCall } from '../../calls/call-handler.js';
import type { CallSession } from '../../calls/call-session.js';
import { LOBBY_BRIDGE_ID, type Lobby } from '../../calls/lobby.js';
import { holdInLobby } from '../../calls/welcome-and-hold.js';
import type { AriRest } from '../../infra/ari/types.js';
import type { Logger } from '../../infra/logger.js';
import type { FlowExits } from './ari-flow-port.js';
import type { VoicemailRecorder } from './voicemail-recorder.js';

/**
 * Flow exits without the ACD: a caller queued for a queue the ACD does not have waits in the lobby
 * with music (the queue name, skills and priority are in the stored path); voicemail records a message.
 */
export class LobbyExits implements FlowExits {
  constructor(
    private readonly rest: () => AriRest,
    private readonly lobby: Lobby,
    private readonly voicemails: VoicemailRecorder,
    private readonly maxHoldSeconds: number,
    private readonly logger: Logger,
  ) {}

  async queue(
    session: CallSession,
    req: { queue: string; skills: string[]; priority: number },
  ): Promise<void> {
    this.logger.info(
      { callId: session.callId, queue: req.queue, skills: req.skills, priority: req.priority },
      'caller queued',
    );
    await holdInLobby(this.rest, this.lobby, session, this.maxHoldSeconds);
  }

  resumeQueued(call: LiveCall): Promise<void> {
    return holdInLobby(
      this.rest,
      this.lobby,
      call.session,
      this.maxHoldSeconds,
      call.bridgeId === LOBBY_BRIDGE_ID,
    );
  }

  voicemail(
    session: CallSession,
    req: { mailbox: string; maxSeconds: number; beep: boolean },
  ): Promise<void> {
    return this.voicemails.record(session, req);
  }
}
