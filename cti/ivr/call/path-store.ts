import { eq } from 'drizzle-orm';
import type { Db } from '../../infra/db/client.js';
import type { FlowExit, PathStep } from '../flow/types.js';
import { ivrPaths } from '../schema.js';

export interface StoredPath {
  callId: number;
  flowId: number;
  flowVersionId: number;
  steps: PathStep[];
  variables: Record<string, string>;
  exit: FlowExit | null;
  updatedAt: Date;
}

/** Each call's way through its flow, written as it goes so screen-pop sees the path so far. */
export class IvrPathStore {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  begin(callId: number, flowId: number, flowVersionId: number): void {
    this.db
      .insert(ivrPaths)
      .values({ callId, flowId, flowVersionId, steps: [], variables: {}, updatedAt: this.clock() })
      .onConflictDoNothing({ target: ivrPaths.callId })
      .run();
  }

  progress(callId: number, steps: readonly PathStep[], variables: Readonly<Record<string, string>>): void {
    this.db
      .update(ivrPaths)
      .set({ steps: [...steps], variables: { ...variables }, updatedAt: this.clock() })
      .where(eq(ivrPaths.callId, callId))
      .run();
  }

  finish(callId: number, exit: FlowExit): void {
    this.db.update(ivrPaths).set({ exit, updatedAt: this.clock() }).where(eq(ivrPaths.callId, callId)).run();
  }

  get(callId: number): StoredPath | null {
    return this.db.select().from(ivrPaths).where(eq(ivrPaths.callId, callId)).get() ?? null;
  }
}
