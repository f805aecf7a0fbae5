import { pointer } from '../flow/issues.js';

/** One field that differs: its JSON pointer and the values on each side (absent when the field is not there). */
export interface FieldChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

export interface NodeChange {
  node: string;
  /** The node's type after the change (before, when it only changed type). */
  type: string;
  changes: FieldChange[];
}

/** What changed between two flow documents, node by node. */
export interface FlowDiff {
  nodesAdded: string[];
  nodesRemoved: string[];
  nodesChanged: NodeChange[];
  /** Changes outside the nodes: name, start, variables, description. */
  flowChanges: FieldChange[];
}

type Json = Record<string, unknown>;

export function diffFlows(before: Json, after: Json): FlowDiff {
  const nodesBefore = asObject(before.nodes);
  const nodesAfter = asObject(after.nodes);
  const nodesAdded = Object.keys(nodesAfter).filter((id) => !Object.hasOwn(nodesBefore, id));
  const nodesRemoved = Object.keys(nodesBefore).filter((id) => !Object.hasOwn(nodesAfter, id));
  const nodesChanged: NodeChange[] = [];
  for (const id of Object.keys(nodesAfter)) {
    if (!Object.hasOwn(nodesBefore, id)) continue;
    const changes: FieldChange[] = [];
    diffValues(nodesBefore[id], nodesAfter[id], pointer('nodes', id), changes);
    if (changes.length > 0) {
      const type = asObject(nodesAfter[id]).type ?? asObject(nodesBefore[id]).type;
      nodesChanged.push({ node: id, type: String(type), changes });
    }
  }
  const flowChanges: FieldChange[] = [];
  const { nodes: _b, ...restBefore } = before;
  const { nodes: _a, ...restAfter } = after;
  diffValues(restBefore, restAfter, '', flowChanges);
  return { nodesAdded, nodesRemoved, nodesChanged, flowChanges };
}

/** Walks both values side by side; objects by key, arrays by index, anything else compared whole. */
function diffValues(a: unknown, b: unknown, path: string, out: FieldChange[]): void {
  if (isObject(a) && isObject(b)) {
    const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !Object.hasOwn(a, k))];
    for (const key of keys) diffValues(a[key], b[key], `${path}${pointer(key)}`, out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) diffValues(a[i], b[i], `${path}/${i}`, out);
    return;
  }
  if (sameJson(a, b)) return;
  const change: FieldChange = { path };
  if (a !== undefined) change.before = a;
  if (b !== undefined) change.after = b;
  out.push(change);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObject(value: unknown): Json {
  return isObject(value) ? value : {};
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
