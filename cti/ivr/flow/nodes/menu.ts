import type { FlowCall, NodeResult } from '../flow-call.js';
import type { MenuNode, Prompt } from '../types.js';

/**
 * One key picks an option. Each attempt is one wait; after a timeout or an invalid key the
 * matching prompts play, then the menu again (one prompt list, so the caller can barge in at once).
 * After the last failed attempt the call goes straight to onFailure.
 */
export class MenuHandler {
  constructor(
    readonly id: string,
    readonly node: MenuNode,
  ) {}

  async run(call: FlowCall): Promise<NodeResult> {
    const { node } = this;
    const maxAttempts = node.maxAttempts ?? 3;
    const timeoutMs = Math.round((node.timeoutSeconds ?? 5) * 1000);
    let before: Prompt[] = [];
    for (let attempt = 1; ; attempt++) {
      const step = call.begin(this.id, 'menu');
      step.prompts = call.resolvePrompts([...before, ...node.prompts]);
      const input = await call.waitForInput(step.prompts, {
        max: 1,
        firstTimeoutMs: timeoutMs,
        interDigitTimeoutMs: timeoutMs,
      });
      if (input === 'hangup') return call.callerHungUp(step);
      const key = input.digits;
      if (key !== '') step.digits = key;
      if (key !== '' && Object.hasOwn(node.options, key)) {
        step.outcome = `option ${key}`;
        return call.goTo(step, node.options[key], `option ${key}`);
      }
      const failure = key === '' ? 'timeout' : 'invalid';
      if (attempt >= maxAttempts) {
        step.outcome = `${failure}, giving up`;
        step.note = `${attempt} of ${maxAttempts} attempts failed`;
        return call.goTo(step, node.onFailure, 'onFailure');
      }
      step.outcome = failure;
      before = (failure === 'timeout' ? node.timeoutPrompts : node.invalidPrompts) ?? [];
    }
  }
}
