import { ignoreNotFound } from '../../infra/ari/errors.js';
import { checkDialTarget } from '../../ivr/flow/dial-safety.js';
import type { AcdContext } from './acd-context.js';
import { CallBridges } from './call-bridges.js';
import type { Admit } from './waiting-calls.js';

/** Where a blind transfer sends the caller: a queue, or a number through a configured dialplan route. */
export type TransferTarget = { queue: string; priority?: number } | { number: string; route: string };

/** A transfer that cannot happen as asked; nothing was changed. */
export class TransferRefused extends Error {
  constructor(
    readonly kind: 'conflict' | 'bad_request',
    message: string,
  ) {
    super(message);
    this.name = 'TransferRefused';
  }
}

export interface BlindTransferDeps {
  acd: AcdContext;
  /** Dialplan routes (switchboard-route-<name>) a blind transfer may leave through. */
  transferRoutes: readonly string[];
  admit: Admit;
  /** The agent is free (or in wrap-up): the router may match again. */
  turn: () => void;
}

/** Connected ACD calls leaving their agent for a queue or a number. */
export class BlindTransfer {
  constructor(private readonly deps: BlindTransferDeps) {}

  /** The agent who answered a call still connected, or undefined: who may transfer it. */
  connectedAgentOf(callId: number): string | undefined {
    const call = this.deps.acd.waiting.get(String(callId));
    return call?.agentChannelId ? call.agentId : undefined;
  }

  /**
   * Blind transfer of a connected call: the caller leaves the conversation for a queue (waiting
   * there anew, at the priority given) or for a number through a dialplan route; the agent's leg is
   * hung up and the agent goes to wrap-up. Throws a sentence naming what is wrong, changing nothing.
   */
  async transfer(callId: number, to: TransferTarget): Promise<void> {
    const { router, waiting, events, clock, log } = this.deps.acd;
    const key = String(callId);
    const call = waiting.get(key);
    if (!call?.agentChannelId)
      throw new TransferRefused('conflict', `call ${callId} is not connected to an agent`);
    if ('queue' in to && !this.deps.acd.holding(to.queue))
      throw new TransferRefused('bad_request', `queue "${to.queue}" does not exist`);
    if ('number' in to && !this.deps.transferRoutes.includes(to.route))
      throw new TransferRefused('bad_request', `transfer route "${to.route}" is not configured`);
    const number = 'number' in to ? checkDialTarget(to.number) : undefined;
    if (number && !number.ok) throw new TransferRefused('bad_request', `number ${number.reason}`);
    // From here the call is no longer the ACD's conversation: the agent leg's hangup ends nothing else.
    waiting.release(key, call);
    const ended = router.callEnded(key, clock());
    if (!ended.ok && call.agentId) router.agentState(call.agentId, 'available', clock(), 'call transferred');
    if (call.agentId) events.emit('ended', { agentId: call.agentId, callId });
    log.info({ callId, agentId: call.agentId, to }, 'blind transfer');
    const rest = this.deps.acd.rest();
    const bridgeId = CallBridges.bridgeIdOf(call.session.channelId);
    await ignoreNotFound(rest.removeChannelFromBridge(bridgeId, call.session.channelId));
    await ignoreNotFound(rest.hangup(call.agentChannelId));
    await ignoreNotFound(rest.destroyBridge(bridgeId));
    this.deps.turn();
    const caller = { number: call.callerNumber, dialed: call.dialedNumber };
    if ('queue' in to) {
      await this.deps.admit(call.session, to.queue, { priority: to.priority ?? 0, skills: [] }, caller);
      return;
    }
    const target = number?.ok ? number.target : '';
    call.session.leftAppTo = `switchboard-route-${to.route},${target}`;
    await rest.continueInDialplan(call.session.channelId, `switchboard-route-${to.route}`, target, 1);
  }
}
