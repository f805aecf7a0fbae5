import type { AcdEventMap } from '../acd/call/acd-events.js';
import type { Router } from '../acd/engine/router.js';
import type { AgentState, AgentTransition } from '../acd/engine/types.js';
import type { Logger } from '../infra/logger.js';
import type { AgentConnection } from './agent-connection.js';
import type { ScreenPopMessage } from './messages.js';
import type { ScreenPops } from './screen-pop.js';

/** States in which an agent has an offer or a call: the screen-pop still describes it. */
const WITH_CALL: readonly AgentState[] = ['reserved', 'ringing', 'on-call'];

/**
 * The agents' side of the ACD's events: each goes to the open sockets of the agent it is about,
 * and no other. The screen-pop of an offer or call in progress is kept, so a socket opened
 * mid-offer or mid-call (a page reload) still gets it.
 */
export class AgentFanout {
  private readonly sockets = new Map<string, Set<AgentConnection>>();
  private readonly currentPop = new Map<string, ScreenPopMessage>();

  constructor(
    private readonly pops: ScreenPops,
    private readonly router: Pick<Router, 'getAgent'>,
    private readonly log: Logger,
  ) {}

  /** Says hello, replays the current screen-pop if any, and sends this agent's events from now on. */
  add(connection: AgentConnection): void {
    let set = this.sockets.get(connection.agentId);
    if (!set) {
      set = new Set();
      this.sockets.set(connection.agentId, set);
    }
    set.add(connection);
    connection.hello();
    const pop = this.currentPop.get(connection.agentId);
    const agent = this.router.getAgent(connection.agentId);
    if (!pop || !agent || !WITH_CALL.includes(agent.state)) return;
    if (agent.offerId === pop.offerId || agent.callId === String(pop.callId))
      connection.screenPop({ ...pop, replay: true });
  }

  remove(connection: AgentConnection): void {
    const set = this.sockets.get(connection.agentId);
    set?.delete(connection);
    if (set?.size === 0) this.sockets.delete(connection.agentId);
  }

  offered(event: AcdEventMap['offer'][0]): void {
    const agentId = event.offer.agentId;
    const pop = this.pops.build(event);
    this.currentPop.set(agentId, pop);
    const sockets = this.of(agentId);
    for (const connection of sockets) connection.screenPop(pop);
    this.log.info(
      { offerId: pop.offerId, callId: pop.callId, agentId, sockets: sockets.size },
      'screen-pop sent',
    );
  }

  answered({ offerId, agentId, callId }: AcdEventMap['answered'][0]): void {
    for (const connection of this.of(agentId)) connection.answered(offerId, callId);
  }

  ended({ agentId, callId }: AcdEventMap['ended'][0]): void {
    if (this.currentPop.get(agentId)?.callId === callId) this.currentPop.delete(agentId);
    for (const connection of this.of(agentId)) connection.ended(callId);
  }

  transition(t: AgentTransition): void {
    if (!WITH_CALL.includes(t.to)) this.currentPop.delete(t.agentId);
    for (const connection of this.of(t.agentId)) connection.transition(t);
  }

  private of(agentId: string): ReadonlySet<AgentConnection> {
    return this.sockets.get(agentId) ?? new Set();
  }
}
