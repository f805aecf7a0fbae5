import type { LiveCall } from '../../calls/call-handler.js';
import type { CallSession } from '../../calls/call-session.js';
import type { FlowExits } from '../../ivr/call/ari-flow-port.js';
import type { AcdRuntime } from './acd-runtime.js';

/** A flow's queue node hands the caller to the ACD; a queue the ACD does not know falls back (lobby). */
export class AcdExits implements FlowExits {
  constructor(
    private readonly acd: AcdRuntime,
    private readonly fallback: FlowExits,
  ) {}

  queue(session: CallSession, req: Parameters<FlowExits['queue']>[1]): Promise<void> {
    if (!this.acd.hasQueue(req.queue)) return this.fallback.queue(session, req);
    return this.acd.enqueue(session, req, {
      number: req.variables.caller_number ?? '',
      dialed: req.variables.dialed_number ?? null,
    });
  }

  resumeQueued(call: LiveCall, queue: string): Promise<void> {
    if (!this.acd.hasQueue(queue)) return this.fallback.resumeQueued(call, queue);
    return this.acd.resume(call, queue);
  }

  voicemail(session: CallSession, req: Parameters<FlowExits['voicemail']>[1]): Promise<void> {
    return this.fallback.voicemail(session, req);
  }
}
