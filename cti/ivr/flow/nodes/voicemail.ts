import type { FlowCall, NodeResult } from '../flow-call.js';
import type { VoicemailNode } from '../types.js';

/** Plays the greeting, then lets the port record a message for the mailbox. */
export class VoicemailHandler {
  constructor(
    readonly id: string,
    readonly node: VoicemailNode,
  ) {}

  async run(call: FlowCall): Promise<NodeResult> {
    const { node } = this;
    const step = call.begin(this.id, 'voicemail');
    if ((await call.announce(step, node.prompts)) === 'hangup') return call.callerHungUp(step);
    step.outcome = 'voicemail';
    await call.port.voicemail({
      mailbox: node.mailbox,
      maxSeconds: node.maxSeconds ?? 120,
      beep: node.beep ?? true,
    });
    return { exit: { kind: 'voicemail', node: this.id, mailbox: node.mailbox } };
  }
}
