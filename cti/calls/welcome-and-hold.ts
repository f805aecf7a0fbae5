import { randomUUID } from 'node:crypto';
import { ignoreNotFound } from '../infra/ari/errors.js';
import type { AriRest } from '../infra/ari/types.js';
import type { CallHandler, LiveCall } from './call-handler.js';
import type { CallSession } from './call-session.js';
import { LOBBY_BRIDGE_ID, type Lobby } from './lobby.js';

export interface WelcomeAndHoldOptions {
  welcomeSound: string;
  maxHoldSeconds: number;
}

/**
 * The call handler used until a flow takes over: answer, play the welcome, then hold the caller
 * in the lobby with music until they hang up or the hold limit passes.
 */
export class WelcomeAndHold implements CallHandler {
  constructor(
    private readonly rest: () => AriRest,
    private readonly lobby: Lobby,
    private readonly options: WelcomeAndHoldOptions,
  ) {}

  async start({ session }: LiveCall): Promise<void> {
    await this.rest().answer(session.channelId);
    const playbackId = randomUUID();
    const finished = session.waitForPlayback(playbackId);
    await this.rest().play(session.channelId, this.options.welcomeSound, playbackId);
    await finished;
    if (session.ended) return;
    await this.hold(session);
  }

  async resume({ session, channel, bridgeId }: LiveCall): Promise<void> {
    if (channel.state !== 'Up') await this.rest().answer(session.channelId);
    await this.hold(session, bridgeId === LOBBY_BRIDGE_ID);
  }

  private async hold(session: CallSession, alreadyInLobby = false): Promise<void> {
    await holdInLobby(this.rest, this.lobby, session, this.options.maxHoldSeconds, alreadyInLobby);
  }
}

/** Music on hold in the lobby until the caller hangs up or the hold limit passes. */
export async function holdInLobby(
  rest: () => AriRest,
  lobby: Lobby,
  session: CallSession,
  maxHoldSeconds: number,
  alreadyInLobby = false,
): Promise<void> {
  if (!alreadyInLobby) await lobby.admit(session.channelId);
  session.after(maxHoldSeconds * 1000, async () => {
    session.hungUpByDaemon = true;
    await ignoreNotFound(rest().hangup(session.channelId));
  });
}
