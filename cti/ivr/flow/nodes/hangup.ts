import type { FlowCall, NodeResult } from '../flow-call.js';
import type { HangupNode } from '../types.js';

/** Plays its prompts (a goodbye), then ends the call. */
export class HangupHandler {
  constructor(
    readonly id: string,
    readonly node: HangupNode,
  ) {}

  async run(call: FlowCall): Promise<NodeResult> {
    const step = call.begin(this.id, 'hangup');
    if ((await call.announce(step, this.node.prompts)) === 'hangup') return call.callerHungUp(step);
    step.outcome = 'hung up';
    await call.port.hangup();
    return { exit: { kind: 'hangup', node: this.id } };
  }
}
