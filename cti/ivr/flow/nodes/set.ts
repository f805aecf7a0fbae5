import type { FlowCall, NodeResult } from '../flow-call.js';
import type { SetNode } from '../types.js';
import { asVariableText, interpolate } from '../variables.js';

/** Assigns variables; every value reads the variables as they were before this node. */
export class SetHandler {
  constructor(
    readonly id: string,
    readonly node: SetNode,
  ) {}

  async run(call: FlowCall): Promise<NodeResult> {
    const step = call.begin(this.id, 'set');
    const before = { ...call.variables };
    const assigned: Record<string, string> = {};
    for (const [name, value] of Object.entries(this.node.variables)) {
      assigned[name] = typeof value === 'string' ? interpolate(value, before) : asVariableText(value);
    }
    Object.assign(call.variables, assigned);
    step.assigned = assigned;
    step.outcome = 'set';
    return call.goTo(step, this.node.next, 'next');
  }
}
