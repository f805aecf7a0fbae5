import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../infra/db/client.js';
import {
  type HttpStub,
  SimulationInputError,
  type SimulationOutcome,
  simulateFlow,
} from '../flow/simulator.js';
import type { FlowDocument } from '../flow/types.js';
import { InvalidFlowError, IvrRuleError } from '../rule-error.js';
import { didRoutes } from '../schema.js';
import { checkFlowSource } from './flow-check.js';
import { DEFAULT_DID } from './flow-for-call.js';
import { flowRow, liveVersionRow, versionRow } from './flow-rows.js';

export interface SimulationRequest {
  callerNumber: string;
  /** Defaults to a DID routed to the flow, else "". */
  dialedNumber?: string;
  /** ISO time of the simulated call. */
  at: string;
  digits: string[];
  /** Default: the live version. */
  version?: number | 'draft';
  httpStubs?: Record<string, HttpStub>;
}

export interface Simulation {
  flowId: number;
  version: number | 'draft';
  dialedNumber: string;
  outcome: SimulationOutcome;
}

/** Runs a stored flow version (or the draft) with no call, on a digit script; never calls external hosts. */
export class FlowSimulation {
  constructor(
    private readonly db: Db,
    private readonly httpAllowList: readonly string[],
  ) {}

  async simulate(id: number, request: SimulationRequest): Promise<Simulation> {
    const { flow, version } = this.flowToRun(id, request.version);
    const dialedNumber = request.dialedNumber ?? this.didOf(id);
    try {
      const outcome = await simulateFlow(flow, {
        callerNumber: request.callerNumber,
        dialedNumber,
        at: request.at,
        digits: request.digits,
        httpStubs: request.httpStubs ?? {},
        httpAllowList: this.httpAllowList,
      });
      return { flowId: id, version, dialedNumber, outcome };
    } catch (err) {
      if (err instanceof SimulationInputError) throw new IvrRuleError('invalid', err.message);
      throw err;
    }
  }

  private flowToRun(
    id: number,
    ref: number | 'draft' | undefined,
  ): { flow: FlowDocument; version: number | 'draft' } {
    const row = flowRow(this.db, id);
    if (ref === 'draft') {
      // Sounds and uploads do not matter to a simulation; the document must only be runnable.
      const checked = checkFlowSource(row.draftSource, row.draftFormat, `flow ${id} draft`, null);
      if (!checked.flow) throw new InvalidFlowError(checked.report.errors, checked.report.warnings);
      return { flow: checked.flow, version: 'draft' };
    }
    const stored = ref === undefined ? liveVersionRow(this.db, row) : versionRow(this.db, id, ref);
    if (!stored) {
      throw new IvrRuleError(
        'conflict',
        `flow ${id} has no live version to simulate; publish it, or simulate version "draft"`,
      );
    }
    return { flow: stored.document as unknown as FlowDocument, version: stored.version };
  }

  private didOf(id: number): string {
    const dids = this.db
      .select({ did: didRoutes.did })
      .from(didRoutes)
      .where(eq(didRoutes.flowId, id))
      .orderBy(asc(didRoutes.did))
      .all()
      .map((r) => r.did);
    return dids.find((d) => d !== DEFAULT_DID) ?? '';
  }
}
