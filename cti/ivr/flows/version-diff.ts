import type { Db } from '../../infra/db/client.js';
import { parseFlowText } from '../flow/parse.js';
import { IvrRuleError } from '../rule-error.js';
import { diffFlows, type FlowDiff } from './flow-diff.js';
import { flowRow, liveVersionRow, versionRow } from './flow-rows.js';
import { unifiedDiff } from './text-diff.js';

/** A version number, the draft, or whatever is live now. */
export type VersionRef = number | 'draft' | 'live';

export interface VersionDiff extends FlowDiff {
  flowId: number;
  from: VersionRef;
  to: VersionRef;
  /** `diff -u` of the two source texts; '' when equal, null when too large to compare. */
  textDiff: string | null;
}

/** What changed between two versions of a flow (or a version and the draft). */
export function diffVersions(db: Db, flowId: number, from: VersionRef, to: VersionRef): VersionDiff {
  const a = sideOf(db, flowId, from);
  const b = sideOf(db, flowId, to);
  return {
    flowId,
    from,
    to,
    ...diffFlows(a.document, b.document),
    textDiff: unifiedDiff(a.source, b.source, { from: a.label, to: b.label }),
  };
}

function sideOf(
  db: Db,
  flowId: number,
  ref: VersionRef,
): { source: string; document: Record<string, unknown>; label: string } {
  const flow = flowRow(db, flowId);
  if (ref === 'draft') {
    const label = `flow ${flowId} draft`;
    const parsed = parseFlowText(flow.draftSource, label);
    // Drafts are checked when saved, so this only fails for rows written by hand.
    const document = parsed.ok && isObject(parsed.doc) ? parsed.doc : {};
    return { source: flow.draftSource, document, label };
  }
  const row = ref === 'live' ? liveVersionRow(db, flow) : versionRow(db, flowId, ref);
  if (!row) throw new IvrRuleError('not_found', `flow ${flowId} has no live version; publish it first`);
  return { source: row.source, document: row.document, label: `flow ${flowId} version ${row.version}` };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
