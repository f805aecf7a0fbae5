import { FlowCall, StepLimitReached } from './flow-call.js';
import { makeNodeHandler } from './make-node-handler.js';
import type { FlowPort } from './port.js';
import type { FlowDocument, FlowExit, FlowOutcome, NodeId, PathStep } from './types.js';
import { asVariableText } from './variables.js';

/** Enough for any real caller journey; a flow that needs more is going round in circles. */
export const DEFAULT_MAX_STEPS = 200;

export interface CallStart {
  callerNumber: string;
  dialedNumber: string;
  /** Extra starting values (e.g. from the DID mapping); flow defaults apply first, built-ins last. */
  variables?: Record<string, string>;
}

export interface RunOptions {
  maxSteps?: number;
  /** When given, http lookups to other hosts fail (onError) even if validation was skipped. */
  httpAllowList?: readonly string[];
  /** Told whenever the path grows or a step settles, so a live call's path can be stored as it goes. */
  onProgress?: (path: readonly PathStep[], variables: Readonly<Record<string, string>>) => void;
}

/**
 * Walk a call through a (validated) flow, node by node, until it leaves the flow. The same code
 * runs live calls (ARI port) and simulations (simulator port). Never throws: a broken port or flow
 * ends as exit { kind: 'error' }, and what happens to a still-connected call then is the port
 * owner's decision (e.g. an apology and a hangup).
 */
export async function runFlow(
  flow: FlowDocument,
  port: FlowPort,
  start: CallStart,
  options: RunOptions = {},
): Promise<FlowOutcome> {
  const variables: Record<string, string> = {};
  for (const [name, value] of Object.entries(flow.variables ?? {})) variables[name] = asVariableText(value);
  Object.assign(variables, start.variables ?? {});
  variables.caller_number = start.callerNumber;
  variables.dialed_number = start.dialedNumber;

  const call = new FlowCall(
    port,
    variables,
    options.maxSteps ?? DEFAULT_MAX_STEPS,
    options.httpAllowList,
    options.onProgress,
  );
  const finish = (exit: FlowExit): FlowOutcome => ({ path: call.path, variables: { ...variables }, exit });
  let id: NodeId = flow.start;
  try {
    for (;;) {
      const node = Object.hasOwn(flow.nodes, id) ? flow.nodes[id] : undefined;
      if (!node) return finish({ kind: 'error', node: id, message: `node "${id}" does not exist` });
      const result = await makeNodeHandler(id, node).run(call);
      options.onProgress?.(call.path, variables);
      if ('exit' in result) return finish(result.exit);
      id = result.next;
    }
  } catch (err) {
    const unfinished = call.path.at(-1);
    if (unfinished?.outcome === '') unfinished.outcome = 'error';
    if (err instanceof StepLimitReached) return finish({ kind: 'error', node: id, message: err.message });
    const reason = err instanceof Error ? err.message : String(err);
    return finish({ kind: 'error', node: id, message: `node "${id}" failed: ${reason}` });
  }
}
