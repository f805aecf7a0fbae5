import type { Findings } from './check-context.js';
import { didYouMean, pointer } from './issues.js';
import { outletsOf, requiredOutlets } from './node-outlets.js';
import { type FlowDocument, INPUT_TYPES, type NodeId, TERMINAL_TYPES } from './types.js';

/**
 * Checks on the shape of the flow as a graph: every arrow lands on a node, every node has a way on,
 * every node can be reached, and no loop can run without waiting for the caller.
 */
export function checkGraph(flow: FlowDocument, findings: Findings): void {
  const ids = Object.keys(flow.nodes);
  const known = new Set(ids);

  if (!known.has(flow.start)) {
    findings.error(
      '/start',
      `points to unknown node "${flow.start}"${didYouMean(flow.start, ids)}`,
      flow.start,
    );
  }
  for (const [id, node] of Object.entries(flow.nodes)) {
    for (const { field, target } of outletsOf(node)) {
      if (!known.has(target)) {
        findings.error(
          pointer('nodes', id, ...field),
          `points to unknown node "${target}"${didYouMean(target, ids)}`,
          target,
        );
      }
    }
    for (const { field, without } of requiredOutlets(node)) {
      if ((node as unknown as Record<string, unknown>)[field] === undefined) {
        findings.error(
          pointer('nodes', id),
          `is a dead end: this ${node.type} node has no "${field}", so callers would be stuck ${without}`,
        );
      }
    }
  }

  const reachable = reachableFrom(flow, known);
  for (const id of ids) {
    if (known.has(flow.start) && !reachable.has(id)) {
      findings.warning(pointer('nodes', id), `is never reached from start node "${flow.start}"`);
    }
  }

  const leaving = canLeave(flow, known);
  const trapped = ids.filter((id) => reachable.has(id) && !leaving.has(id));
  if (trapped.length > 0) {
    findings.error(
      pointer('nodes', trapped[0] ?? ''),
      `can never end the call: from ${trapped.join(', ')} no path leads to a queue, transfer, voicemail or ` +
        'hangup node, so callers go round until they hang up',
    );
  }

  for (const cycle of loopsWithoutInput(flow, known)) {
    const first = cycle[0] ?? '';
    findings.error(
      pointer('nodes', first),
      `is in a loop that never waits for the caller (${[...cycle, first].join(' → ')}); a call would spin in it forever`,
    );
  }
}

function reachableFrom(flow: FlowDocument, known: Set<NodeId>): Set<NodeId> {
  const seen = new Set<NodeId>();
  const todo = known.has(flow.start) ? [flow.start] : [];
  for (let id = todo.pop(); id !== undefined; id = todo.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    const node = flow.nodes[id];
    if (node)
      for (const o of outletsOf(node)) if (known.has(o.target) && !seen.has(o.target)) todo.push(o.target);
  }
  return seen;
}

/**
 * Nodes from which the call can leave the flow. A node with a missing or unknown outlet counts as
 * a way out here: it is already reported as a dead end or an unknown target, once is enough.
 */
function canLeave(flow: FlowDocument, known: Set<NodeId>): Set<NodeId> {
  const exits = new Set<NodeId>();
  for (const [id, node] of Object.entries(flow.nodes)) {
    const broken =
      requiredOutlets(node).some(
        (o) => (node as unknown as Record<string, unknown>)[o.field] === undefined,
      ) || outletsOf(node).some((o) => !known.has(o.target));
    if (TERMINAL_TYPES.includes(node.type) || broken) exits.add(id);
  }
  for (let grew = true; grew; ) {
    grew = false;
    for (const [id, node] of Object.entries(flow.nodes)) {
      if (!exits.has(id) && outletsOf(node).some((o) => exits.has(o.target))) {
        exits.add(id);
        grew = true;
      }
    }
  }
  return exits;
}

/** Cycles among nodes that do not wait for input (one per strongly connected group), in document order. */
function loopsWithoutInput(flow: FlowDocument, known: Set<NodeId>): NodeId[][] {
  const edges = new Map<NodeId, NodeId[]>();
  for (const [id, node] of Object.entries(flow.nodes)) {
    if (INPUT_TYPES.includes(node.type)) continue;
    const targets = outletsOf(node).map((o) => o.target);
    edges.set(
      id,
      targets.filter((t) => known.has(t) && !INPUT_TYPES.includes(flow.nodes[t]?.type ?? 'menu')),
    );
  }
  const loops: NodeId[][] = [];
  const done = new Set<NodeId>();
  for (const id of edges.keys()) {
    if (done.has(id)) continue;
    const cycle = cycleThrough(id, edges);
    if (!cycle) continue;
    for (const n of cycle) done.add(n);
    loops.push(cycle);
  }
  return loops;
}

/** A shortest path from `start` back to itself, if there is one. */
function cycleThrough(start: NodeId, edges: Map<NodeId, NodeId[]>): NodeId[] | undefined {
  const cameFrom = new Map<NodeId, NodeId>();
  const queue: NodeId[] = [start];
  for (let i = 0; i < queue.length; i++) {
    const here = queue[i] as NodeId;
    for (const next of edges.get(here) ?? []) {
      if (next === start) {
        const path = [here];
        while (path[0] !== start) path.unshift(cameFrom.get(path[0] as NodeId) as NodeId);
        return path;
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, here);
        queue.push(next);
      }
    }
  }
  return undefined;
}
