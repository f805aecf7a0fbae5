import type { CallHandler, LiveCall } from '../../calls/call-handler.js';
import type { CallSession } from '../../calls/call-session.js';
import type { Lobby } from '../../calls/lobby.js';
import { ignoreNotFound } from '../../infra/ari/errors.js';
import type { AriRest } from '../../infra/ari/types.js';
import type { Logger } from '../../infra/logger.js';
import { runFlow } from '../flow/interpreter.js';
import type { FlowDocument, PathStep } from '../flow/types.js';
import { AriFlowPort, type AriFlowPortDeps } from './ari-flow-port.js';
import type { IvrPathStore } from './path-store.js';

/** The flow a dialled number leads to, at the version live when the call arrives. */
export interface FlowLookup {
  flowForCall(did: string): { flowId: number; versionId: number; document: FlowDocument } | null;
  /** A published version by id: an adopted call resumes on the version it started with. */
  flowVersion(versionId: number): { version: number; document: FlowDocument } | null;
  /** The live version of a flow by name: where a queue's overflow may send callers. */
  liveFlowNamed(name: string): { document: FlowDocument } | null;
}

export interface IvrCallHandlerDeps {
  rest: () => AriRest;
  flows: FlowLookup;
  paths: IvrPathStore;
  port: Omit<AriFlowPortDeps, 'rest'>;
  lobby: Lobby;
  /** What a number without a flow gets (the foundation's welcome and hold). */
  noFlow: CallHandler;
  maxHoldSeconds: number;
  apologySound: string;
  logger: Logger;
}

/**
 * Calls to a number with a flow walk it on the version live when they arrived, to the end, even
 * if a new version is published meanwhile. The path is stored as it grows.
 */
export class IvrCallHandler implements CallHandler {
  private readonly log: Logger;

  constructor(private readonly deps: IvrCallHandlerDeps) {
    this.log = deps.logger.child({ component: 'ivr' });
  }

  async start(call: LiveCall): Promise<void> {
    const did = call.args[1] ?? call.channel.dialplan.exten;
    const flow = this.deps.flows.flowForCall(did);
    if (!flow) return this.deps.noFlow.start(call);
    this.deps.paths.begin(call.session.callId, flow.flowId, flow.versionId);
    await this.deps.rest().answer(call.session.channelId);
    await this.walkCall(call, flow.document);
  }

  /**
   * After a restart the flow's position is lost: a caller who had reached a queue keeps waiting;
   * one still in the menus starts the same version again from the top (they hear the greeting
   * again rather than silence). Calls without a stored path go to the no-flow handler.
   */
  async resume(call: LiveCall): Promise<void> {
    const stored = this.deps.paths.get(call.session.callId);
    if (!stored) return this.deps.noFlow.resume(call);
    if (stored.exit?.kind === 'queue') {
      await this.deps.port.exits.resumeQueued(call, String(stored.exit.queue ?? ''));
      return;
    }
    const version = this.deps.flows.flowVersion(stored.flowVersionId);
    if (!version) return this.deps.noFlow.resume(call);
    if (call.channel.state !== 'Up') await this.deps.rest().answer(call.session.channelId);
    this.log.info(
      { callId: call.session.callId, version: version.version },
      'restarting the flow for an adopted call',
    );
    const earlier = stored.steps.map((step) =>
      step.outcome === '' ? { ...step, outcome: 'interrupted by a daemon restart' } : step,
    );
    await this.walkCall(call, version.document, earlier);
  }

  /**
   * A queue's overflow: the caller walks the live version of another flow; its steps and variables
   * extend the call's stored path after a step saying why.
   */
  async continueInFlow(
    session: CallSession,
    flowName: string,
    caller: { number: string; dialed: string | null },
    reason: string,
  ): Promise<void> {
    const flow = this.deps.flows.liveFlowNamed(flowName);
    if (!flow) throw new Error(`overflow flow "${flowName}" does not exist or has no published version`);
    const stored = this.deps.paths.get(session.callId);
    const exit = stored?.exit;
    const handOver: PathStep = {
      node: exit && 'node' in exit && exit.node ? exit.node : flowName,
      type: 'queue',
      enteredAt: this.deps.port.clock().toISOString(),
      outcome: `overflow to flow ${flowName}: ${reason}`,
    };
    await this.walk(
      session,
      { callerNumber: caller.number, dialedNumber: caller.dialed ?? '' },
      flow.document,
      { steps: [...(stored?.steps ?? []), handOver], variables: stored?.variables ?? {} },
    );
  }

  private walkCall(call: LiveCall, document: FlowDocument, earlierSteps: PathStep[] = []): Promise<void> {
    const { channel } = call;
    return this.walk(
      call.session,
      { callerNumber: channel.caller.number, dialedNumber: call.args[1] ?? channel.dialplan.exten },
      document,
      { steps: earlierSteps, variables: {} },
    );
  }

  private async walk(
    session: CallSession,
    caller: { callerNumber: string; dialedNumber: string },
    document: FlowDocument,
    earlier: { steps: PathStep[]; variables: Record<string, string> },
  ): Promise<void> {
    const port = new AriFlowPort({ ...this.deps.port, rest: this.deps.rest }, session);
    const outcome = await runFlow(document, port, caller, {
      httpAllowList: this.deps.port.httpAllowList,
      onProgress: (path, variables) =>
        this.deps.paths.progress(session.callId, [...earlier.steps, ...path], {
          ...earlier.variables,
          ...variables,
        }),
    });
    this.deps.paths.progress(session.callId, [...earlier.steps, ...outcome.path], {
      ...earlier.variables,
      ...outcome.variables,
    });
    this.deps.paths.finish(session.callId, outcome.exit);
    if (outcome.exit.kind === 'error') await this.apologise(session, outcome.exit.message);
  }

  /** A broken flow must not leave the caller in silence. */
  private async apologise(session: CallSession, reason: string): Promise<void> {
    this.log.error({ callId: session.callId, reason }, 'flow failed; apologising and hanging up');
    if (session.ended || session.leftAppTo) return;
    const finished = session.waitForPlayback(`apology-${session.callId}`);
    await ignoreNotFound(
      this.deps.rest().play(session.channelId, this.deps.apologySound, `apology-${session.callId}`),
    );
    await finished;
    session.hungUpByDaemon = true;
    await ignoreNotFound(this.deps.rest().hangup(session.channelId));
  }
}
