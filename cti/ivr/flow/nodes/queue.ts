import type { FlowCall, NodeResult } from '../flow-call.js';
import type { QueueNode } from '../types.js';

/** Hands the call to the ACD with its skills, priority and the flow's variables (for screen-pop). */
export class QueueHandler {
  constructor(
    readonly id: string,
    readonly node: QueueNode,
  ) {}

  async run(call: FlowCall): Promise<NodeResult> {
    const { node } = this;
    const step = call.begin(this.id, 'queue');
    if ((await call.announce(step, node.prompts)) === 'hangup') return call.callerHungUp(step);
    const skills = node.skills ?? [];
    const priority = node.priority ?? 0;
    step.outcome = 'queued';
    await call.port.queue({ queue: node.queue, skills, priority, variables: { ...call.variables } });
    return { exit: { kind: 'queue', node: this.id, queue: node.queue, skills, priority } };
  }
}
