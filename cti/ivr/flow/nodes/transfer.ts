import { checkDialTarget } from '../dial-safety.js';
import type { FlowCall, NodeResult } from '../flow-call.js';
import type { TransferNode } from '../types.js';

/** Transfers to a number through a configured route; a number that is not dialable never reaches the port. */
export class TransferHandler {
  constructor(
    readonly id: string,
    readonly node: TransferNode,
  ) {}

  async run(call: FlowCall): Promise<NodeResult> {
    const { node } = this;
    const step = call.begin(this.id, 'transfer');
    const target = checkDialTarget(call.text(node.to));
    if (!target.ok) {
      step.outcome = 'refused';
      step.note = `transfer target ${target.reason}`;
      if (node.onError !== undefined) return call.goTo(step, node.onError, 'onError');
      return { exit: { kind: 'error', node: this.id, message: step.note } };
    }
    if ((await call.announce(step, node.prompts)) === 'hangup') return call.callerHungUp(step);
    step.outcome = 'transferred';
    step.value = target.target;
    await call.port.transfer({
      to: target.target,
      route: node.route,
      timeoutSeconds: node.timeoutSeconds ?? 30,
      variables: { ...call.variables },
    });
    return { exit: { kind: 'transfer', node: this.id, to: target.target, route: node.route } };
  }
}
