import type { FlowCall, NodeResult } from '../flow-call.js';
import type { BranchCondition, BranchNode } from '../types.js';
import { asVariableText, wholeValueRegex } from '../variables.js';

/** Tests variables in order; the first condition that holds decides. Unset variables read as ''. */
export class BranchHandler {
  constructor(
    readonly id: string,
    readonly node: BranchNode,
  ) {}

  async run(call: FlowCall): Promise<NodeResult> {
    const step = call.begin(this.id, 'branch');
    for (const [i, condition] of this.node.conditions.entries()) {
      const value = call.variables[condition.variable] ?? '';
      if (holds(condition, value)) {
        step.outcome = `matched condition ${i + 1}`;
        step.variable = condition.variable;
        step.value = value;
        return call.goTo(step, condition.next, `conditions[${i}].next`);
      }
    }
    step.outcome = 'no condition matched';
    return call.goTo(step, this.node.otherwise, 'otherwise');
  }
}

function holds(c: BranchCondition, value: string): boolean {
  if (c.equals !== undefined) return value === asVariableText(c.equals);
  if (c.notEquals !== undefined) return value !== asVariableText(c.notEquals);
  if (c.startsWith !== undefined) return value.startsWith(c.startsWith);
  if (c.matches !== undefined) return wholeValueRegex(c.matches).test(value);
  if (c.in !== undefined) return c.in.map(asVariableText).includes(value);
  if (c.isEmpty !== undefined) return (value === '') === c.isEmpty;
  return false;
}
