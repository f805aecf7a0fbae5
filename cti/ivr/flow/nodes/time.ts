import type { FlowCall, NodeResult } from '../flow-call.js';
import { checkTimeCondition } from '../time-condition.js';
import type { TimeNode } from '../types.js';

/** open / closed / holiday by the port's clock in the node's time zone; holiday falls back to closed. */
export class TimeHandler {
  constructor(
    readonly id: string,
    readonly node: TimeNode,
  ) {}

  async run(call: FlowCall): Promise<NodeResult> {
    const step = call.begin(this.id, 'time');
    const verdict = checkTimeCondition(this.node, call.port.now());
    step.outcome = verdict;
    if (verdict === 'open') return call.goTo(step, this.node.open, 'open');
    if (verdict === 'holiday' && this.node.holiday !== undefined)
      return call.goTo(step, this.node.holiday, 'holiday');
    return call.goTo(step, this.node.closed, 'closed');
  }
}
