import type { FlowCall, NodeResult } from '../flow-call.js';
import type { CollectNode, Prompt } from '../types.js';
import { wholeValueRegex } from '../variables.js';

/**
 * Reads several digits into a variable. Input ends at the terminator (not stored), at maxDigits,
 * or when the caller pauses; too short or not matching `pattern` is invalid and asked again.
 */
export class CollectHandler {
  constructor(
    readonly id: string,
    readonly node: CollectNode,
  ) {}

  async run(call: FlowCall): Promise<NodeResult> {
    const { node } = this;
    const maxAttempts = node.maxAttempts ?? 3;
    const minDigits = node.minDigits ?? 1;
    const terminator = (node.terminator ?? '#') === 'none' ? undefined : (node.terminator ?? '#');
    const pattern = node.pattern === undefined ? undefined : wholeValueRegex(node.pattern);
    const read = {
      max: node.maxDigits,
      firstTimeoutMs: Math.round((node.timeoutSeconds ?? 5) * 1000),
      interDigitTimeoutMs: Math.round((node.interDigitTimeoutSeconds ?? 3) * 1000),
      ...(terminator === undefined ? {} : { terminator }),
    };
    let before: Prompt[] = [];
    for (let attempt = 1; ; attempt++) {
      const step = call.begin(this.id, 'collect');
      step.prompts = call.resolvePrompts([...before, ...node.prompts]);
      const input = await call.waitForInput(step.prompts, read);
      if (input === 'hangup') return call.callerHungUp(step);
      if (input.digits !== '') step.digits = input.digits;
      let failure: 'timeout' | 'invalid' | undefined;
      if (input.digits === '' && input.ended === 'timeout') failure = 'timeout';
      else if (input.digits.length < minDigits) {
        failure = 'invalid';
        step.note = `fewer than ${minDigits} digits`;
      } else if (pattern && !pattern.test(input.digits)) {
        failure = 'invalid';
        step.note = `does not match ${node.pattern}`;
      }
      if (failure === undefined) {
        call.variables[node.variable] = input.digits;
        step.variable = node.variable;
        step.value = input.digits;
        step.outcome = 'collected';
        return call.goTo(step, node.next, 'next');
      }
      if (attempt >= maxAttempts) {
        step.outcome = `${failure}, giving up`;
        return call.goTo(step, node.onFailure, 'onFailure');
      }
      step.outcome = failure;
      before = (failure === 'timeout' ? node.timeoutPrompts : node.invalidPrompts) ?? [];
    }
  }
}
