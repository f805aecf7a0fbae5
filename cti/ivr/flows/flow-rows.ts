import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../infra/db/client.js';
import { IvrRuleError } from '../rule-error.js';
import { didRoutes, flows, flowVersions } from '../schema.js';
import type { FlowFormat } from './flow-check.js';

/** The database or a transaction of it: every read a write depends on goes through the transaction. */
export type DbLike = Pick<Db, 'select' | 'insert' | 'update' | 'delete'>;

export type FlowRow = typeof flows.$inferSelect;
export type VersionRow = typeof flowVersions.$inferSelect;

/** A flow as lists show it: what is live and which numbers reach it. */
export interface FlowSummary {
  id: number;
  name: string;
  description: string | null;
  /** Number of the version new calls start on; null until first published. */
  liveVersion: number | null;
  liveVersionId: number | null;
  /** Dialled numbers routed to this flow ("*" is the default route). */
  dids: string[];
  draftFormat: FlowFormat;
  /** False when the draft text differs from the live version's (there is something to publish). */
  draftPublished: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface FlowDetail extends FlowSummary {
  draft: { source: string; format: FlowFormat };
}

export interface VersionSummary {
  id: number;
  version: number;
  format: FlowFormat;
  publishedAt: Date;
  publishedBy: number | null;
  note: string | null;
  rolledBackFrom: number | null;
  live: boolean;
}

export interface VersionDetail extends VersionSummary {
  source: string;
  document: Record<string, unknown>;
}

export function flowRow(db: DbLike, id: number): FlowRow {
  const row = db.select().from(flows).where(eq(flows.id, id)).get();
  if (!row) throw new IvrRuleError('not_found', `flow ${id} not found`);
  return row;
}

export function flowRowByName(db: DbLike, name: string): FlowRow | undefined {
  return db.select().from(flows).where(eq(flows.name, name)).get();
}

export function versionRow(db: DbLike, flowId: number, version: number): VersionRow {
  const row = db
    .select()
    .from(flowVersions)
    .where(and(eq(flowVersions.flowId, flowId), eq(flowVersions.version, version)))
    .get();
  if (!row) {
    const have = db
      .select({ version: flowVersions.version })
      .from(flowVersions)
      .where(eq(flowVersions.flowId, flowId))
      .orderBy(asc(flowVersions.version))
      .all()
      .map((r) => r.version);
    const known = have.length === 0 ? 'it has no published versions' : `it has ${have.join(', ')}`;
    throw new IvrRuleError('not_found', `flow ${flowId} has no version ${version}; ${known}`);
  }
  return row;
}

export function liveVersionRow(db: DbLike, flow: FlowRow): VersionRow | undefined {
  if (flow.liveVersionId === null) return undefined;
  return db.select().from(flowVersions).where(eq(flowVersions.id, flow.liveVersionId)).get();
}

/** DIDs per flow id, sorted, for the given flows. */
export function didsByFlow(db: DbLike, flowIds: number[]): Map<number, string[]> {
  const byFlow = new Map<number, string[]>();
  if (flowIds.length === 0) return byFlow;
  const rows = db
    .select({ did: didRoutes.did, flowId: didRoutes.flowId })
    .from(didRoutes)
    .where(inArray(didRoutes.flowId, flowIds))
    .orderBy(asc(didRoutes.did))
    .all();
  for (const row of rows) byFlow.set(row.flowId, [...(byFlow.get(row.flowId) ?? []), row.did]);
  return byFlow;
}

export function summaryOf(db: DbLike, row: FlowRow, dids?: string[]): FlowSummary {
  const live = liveVersionRow(db, row);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    liveVersion: live?.version ?? null,
    liveVersionId: live?.id ?? null,
    dids: dids ?? didsByFlow(db, [row.id]).get(row.id) ?? [],
    draftFormat: row.draftFormat,
    draftPublished: live !== undefined && live.source === row.draftSource,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function detailOf(db: DbLike, row: FlowRow): FlowDetail {
  return { ...summaryOf(db, row), draft: { source: row.draftSource, format: row.draftFormat } };
}

export function versionSummaryOf(row: VersionRow, liveVersionId: number | null): VersionSummary {
  return {
    id: row.id,
    version: row.version,
    format: row.format,
    publishedAt: row.publishedAt,
    publishedBy: row.publishedBy,
    note: row.note,
    rolledBackFrom: row.rolledBackFrom,
    live: row.id === liveVersionId,
  };
}

export function versionDetailOf(row: VersionRow, liveVersionId: number | null): VersionDetail {
  return { ...versionSummaryOf(row, liveVersionId), source: row.source, document: row.document };
}
