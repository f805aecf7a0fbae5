import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../infra/db/client.js';
import { type DbLike, type FlowRow, flowRow, flowRowByName, liveVersionRow } from '../flows/flow-rows.js';
import { IvrRuleError } from '../rule-error.js';
import { didRoutes, flows } from '../schema.js';

/** A dialled number and the flow it reaches. */
export interface DidRoute {
  did: string;
  flowId: number;
  flowName: string;
  /** The live version calls to this number start on now. */
  liveVersion: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Digits, a leading +, * and #; "*" alone is the default route for numbers without their own. */
export const DID_PATTERN = '^\\+?[0-9*#]{1,32}$';
const DID = new RegExp(DID_PATTERN);

/** Which flow a DID reaches: by id (a number) or by name (a string). */
export type FlowRef = number | string;

/** DID routes: which flow answers which dialled number. A route may only point at a flow that is live. */
export class DidService {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  list(): DidRoute[] {
    return this.db
      .select({ route: didRoutes, flow: flows })
      .from(didRoutes)
      .innerJoin(flows, eq(flows.id, didRoutes.flowId))
      .orderBy(asc(didRoutes.did))
      .all()
      .map(({ route, flow }) => this.view(this.db, route, flow));
  }

  /** Creates or repoints the route; `previousFlowId` is where it pointed before (null: new route). */
  put(did: string, flowRef: FlowRef): { route: DidRoute; previousFlowId: number | null } {
    if (!DID.test(did)) {
      throw new IvrRuleError(
        'invalid',
        `DID ${JSON.stringify(did)} is not allowed: up to 32 digits, * and #, with an optional leading +; "*" alone is the default route`,
      );
    }
    return this.db.transaction((tx) => {
      const flow = this.flowOf(tx, flowRef);
      if (flow.liveVersionId === null) {
        throw new IvrRuleError(
          'conflict',
          `DID "${did}" cannot route to flow ${flow.id} ("${flow.name}"): it has no live version; publish it first`,
        );
      }
      const before = tx.select().from(didRoutes).where(eq(didRoutes.did, did)).get();
      const now = this.clock();
      const route = before
        ? tx
            .update(didRoutes)
            .set({ flowId: flow.id, updatedAt: now })
            .where(eq(didRoutes.did, did))
            .returning()
            .get()
        : tx
            .insert(didRoutes)
            .values({ did, flowId: flow.id, createdAt: now, updatedAt: now })
            .returning()
            .get();
      return { route: this.view(tx, route, flow), previousFlowId: before?.flowId ?? null };
    });
  }

  delete(did: string): DidRoute {
    return this.db.transaction((tx) => {
      const route = tx.select().from(didRoutes).where(eq(didRoutes.did, did)).get();
      if (!route) throw new IvrRuleError('not_found', `DID route "${did}" not found`);
      const view = this.view(tx, route, flowRow(tx, route.flowId));
      tx.delete(didRoutes).where(eq(didRoutes.did, did)).run();
      return view;
    });
  }

  private flowOf(db: DbLike, ref: FlowRef): FlowRow {
    if (typeof ref === 'number') return flowRow(db, ref);
    const flow =
      flowRowByName(db, ref) ?? (/^[1-9][0-9]{0,9}$/.test(ref) ? flowRow(db, Number(ref)) : undefined);
    if (!flow) throw new IvrRuleError('not_found', `flow named "${ref}" not found`);
    return flow;
  }

  private view(db: DbLike, route: typeof didRoutes.$inferSelect, flow: FlowRow): DidRoute {
    return {
      did: route.did,
      flowId: flow.id,
      flowName: flow.name,
      liveVersion: liveVersionRow(db, flow)?.version ?? null,
      createdAt: route.createdAt,
      updatedAt: route.updatedAt,
    };
  }
}
