import type { FlowPort } from './port.js';
import type { FlowExit, NodeId, NodeType, PathStep, Prompt, ResolvedPrompt } from './types.js';
import { interpolate } from './variables.js';

export class StepLimitReached extends Error {
  constructor(readonly maxSteps: number) {
    super(`stopped after ${maxSteps} steps; the flow seems to go round in circles`);
  }
}

export type NodeResult = { next: NodeId } | { exit: FlowExit };

export interface DigitRead {
  max: number;
  terminator?: string;
  firstTimeoutMs: number;
  interDigitTimeoutMs: number;
}

const KEY = /^[0-9*#]$/;

/** One call going through a flow: its variables, its path so far, and the port it talks through. */
export class FlowCall {
  readonly path: PathStep[] = [];

  constructor(
    readonly port: FlowPort,
    readonly variables: Record<string, string>,
    readonly maxSteps: number,
    readonly httpAllowList?: readonly string[],
    private readonly onProgress?: (
      path: readonly PathStep[],
      variables: Readonly<Record<string, string>>,
    ) => void,
  ) {}

  /** Start a path step (one node visit, or one attempt of a menu/collect). */
  begin(node: NodeId, type: NodeType): PathStep {
    if (this.path.length >= this.maxSteps) throw new StepLimitReached(this.maxSteps);
    const step: PathStep = { node, type, enteredAt: this.port.now().toISOString(), outcome: '' };
    this.path.push(step);
    this.onProgress?.(this.path, this.variables);
    return step;
  }

  text(template: string): string {
    return interpolate(template, this.variables);
  }

  resolvePrompts(prompts: Prompt[] | undefined): ResolvedPrompt[] {
    return (prompts ?? []).map((p): ResolvedPrompt => {
      if ('sound' in p) return { kind: 'sound', name: p.sound };
      if ('upload' in p) return { kind: 'upload', id: p.upload };
      if ('say' in p)
        return p.voice === undefined
          ? { kind: 'say', text: this.text(p.say) }
          : { kind: 'say', text: this.text(p.say), voice: p.voice };
      return { kind: 'digits', digits: this.text(p.digits).replace(/[^0-9*#]/g, '') };
    });
  }

  /** Play prompts the caller cannot interrupt (keys are dropped). */
  async announce(step: PathStep, prompts: Prompt[] | undefined): Promise<'played' | 'hangup'> {
    const resolved = this.resolvePrompts(prompts);
    if (resolved.length === 0) return 'played';
    step.prompts = resolved;
    const played = await this.port.play(resolved, { bargeIn: false });
    return played === 'hangup' ? 'hangup' : 'played';
  }

  /**
   * One wait for input: the prompts with barge-in, then the rest of the keys. A first key that
   * already settles the input (the terminator, or the only key wanted) needs no readDigits().
   */
  async waitForInput(
    prompts: ResolvedPrompt[],
    read: DigitRead,
  ): Promise<{ digits: string; ended: string } | 'hangup'> {
    const played = await this.port.play(prompts, { bargeIn: true });
    if (played === 'hangup') return 'hangup';
    const first = played.digit !== undefined && KEY.test(played.digit) ? played.digit : undefined;
    if (first !== undefined && first === read.terminator) return { digits: '', ended: 'terminator' };
    if (first !== undefined && read.max <= 1) return { digits: first, ended: 'max' };
    const got = await this.port.readDigits(first === undefined ? { ...read } : { ...read, initial: first });
    if (got === 'hangup') return 'hangup';
    return { digits: got.digits.replace(/[^0-9*#]/g, '').slice(0, read.max), ended: got.ended };
  }

  goTo(step: PathStep, target: NodeId | undefined, field: string): NodeResult {
    if (target === undefined) {
      return { exit: { kind: 'error', node: step.node, message: `node "${step.node}" has no ${field}` } };
    }
    step.next = target;
    return { next: target };
  }

  callerHungUp(step: PathStep): NodeResult {
    step.outcome = 'caller hung up';
    return { exit: { kind: 'caller-hung-up', node: step.node } };
  }
}
