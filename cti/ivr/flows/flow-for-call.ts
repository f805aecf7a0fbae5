import { eq } from 'drizzle-orm';
import type { Db } from '../../infra/db/client.js';
import type { FlowDocument } from '../flow/types.js';
import { didRoutes, flows, flowVersions } from '../schema.js';

/** The flow version a new call runs: fixed when the call starts, so a publish mid-call changes nothing for it. */
export interface CallFlow {
  flowId: number;
  versionId: number;
  version: number;
  document: FlowDocument;
  /** The route that matched: the dialled number itself, or "*" (the default). */
  matchedDid: string;
}

/** The DID route for a dialled number: its own entry, else the "*" default, else none. */
export const DEFAULT_DID = '*';

/**
 * The live version of the flow a dialled number reaches, read at the moment of the call; null when
 * neither the number nor the default is routed (or the flow has nothing live, which routing refuses).
 */
export function flowForCall(db: Db, dialedNumber: string): CallFlow | null {
  const route =
    db.select().from(didRoutes).where(eq(didRoutes.did, dialedNumber)).get() ??
    db.select().from(didRoutes).where(eq(didRoutes.did, DEFAULT_DID)).get();
  if (!route) return null;
  const row = db
    .select({ version: flowVersions })
    .from(flows)
    .innerJoin(flowVersions, eq(flowVersions.id, flows.liveVersionId))
    .where(eq(flows.id, route.flowId))
    .get();
  if (!row) return null;
  return {
    flowId: route.flowId,
    versionId: row.version.id,
    version: row.version.version,
    document: row.version.document as unknown as FlowDocument,
    matchedDid: route.did,
  };
}

/** A version by its id, for calls that were already in a flow when the daemon restarted. */
export function flowVersionById(db: Db, versionId: number): Omit<CallFlow, 'matchedDid'> | null {
  const row = db.select().from(flowVersions).where(eq(flowVersions.id, versionId)).get();
  if (!row) return null;
  return {
    flowId: row.flowId,
    versionId: row.id,
    version: row.version,
    document: row.document as unknown as FlowDocument,
  };
}

/** The live version of a flow by its name (a queue's overflow target); null when none is live. */
export function liveFlowByName(db: Db, name: string): Omit<CallFlow, 'matchedDid'> | null {
  const row = db
    .select({ version: flowVersions })
    .from(flows)
    .innerJoin(flowVersions, eq(flowVersions.id, flows.liveVersionId))
    .where(eq(flows.name, name))
    .get();
  if (!row) return null;
  return {
    flowId: row.version.flowId,
    versionId: row.version.id,
    version: row.version.version,
    document: row.version.document as unknown as FlowDocument,
  };
}
