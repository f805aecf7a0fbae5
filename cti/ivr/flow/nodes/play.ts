import type { FlowCall, NodeResult } from '../flow-call.js';
import type { PlayNode } from '../types.js';

/** Plays its prompts to the end; keys pressed meanwhile are dropped. */
export class PlayHandler {
  constructor(
    readonly id: string,
    readonly node: PlayNode,
  ) {}

  async run(call: FlowCall): Promise<NodeResult> {
    const step = call.begin(this.id, 'play');
    if ((await call.announce(step, this.node.prompts)) === 'hangup') return call.callerHungUp(step);
    step.outcome = 'played';
    return call.goTo(step, this.node.next, 'next');
  }
}
