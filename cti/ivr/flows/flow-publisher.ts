import { desc, eq, max } from 'drizzle-orm';
import type { Db } from '../../infra/db/client.js';
import { InvalidFlowError, IvrRuleError } from '../rule-error.js';
import { flows, flowVersions } from '../schema.js';
import type { SoundCatalog } from '../sound-catalog.js';
import { checkFlowSource, type FlowCheckSource, type FlowChecks, type FlowFormat } from './flow-check.js';
import {
  type DbLike,
  type FlowRow,
  flowRow,
  liveVersionRow,
  type VersionDetail,
  type VersionSummary,
  versionDetailOf,
  versionRow,
  versionSummaryOf,
} from './flow-rows.js';
import type { IssueView } from './issue-view.js';
import { diffVersions, type VersionDiff, type VersionRef } from './version-diff.js';

export interface PublishOptions {
  note?: string;
  /** The user publishing; null for API keys and the system. */
  publishedBy: number | null;
}

export interface Published {
  version: VersionDetail;
  /** The version that was live before, if any. */
  previousLive: number | null;
  warnings: IssueView[];
}

/**
 * Publishing: a draft (or, for a rollback, an old version's text) is checked against the sound
 * list as Asterisk has it now and the current uploads, then stored as the next immutable version and
 * made live, all in one transaction. Any error refuses the whole publish and changes nothing.
 */
export class FlowPublisher {
  constructor(
    private readonly db: Db,
    private readonly checks: FlowCheckSource,
    private readonly sounds: SoundCatalog,
    private readonly clock: () => Date,
  ) {}

  async publish(id: number, options: PublishOptions): Promise<Published> {
    flowRow(this.db, id);
    const checks = await this.freshChecks(`flow ${id}`);
    return this.db.transaction((tx) => {
      const row = flowRow(tx, id);
      const text = { source: row.draftSource, format: row.draftFormat };
      return this.storeVersion(tx, row, text, `flow ${id} draft`, checks, {
        ...options,
        rolledBackFrom: null,
      });
    });
  }

  /** Publishes version `version`'s text again, as a new version that records where it came from. */
  async rollback(id: number, version: number, options: PublishOptions): Promise<Published> {
    versionRow(this.db, flowRow(this.db, id).id, version);
    const checks = await this.freshChecks(`flow ${id}`);
    return this.db.transaction((tx) => {
      const row = flowRow(tx, id);
      const old = versionRow(tx, id, version);
      const text = { source: old.source, format: old.format };
      return this.storeVersion(tx, row, text, `flow ${id} version ${version}`, checks, {
        publishedBy: options.publishedBy,
        note: options.note ?? `rollback to version ${version}`,
        rolledBackFrom: version,
      });
    });
  }

  versions(id: number): VersionSummary[] {
    const row = flowRow(this.db, id);
    return this.db
      .select()
      .from(flowVersions)
      .where(eq(flowVersions.flowId, id))
      .orderBy(desc(flowVersions.version))
      .all()
      .map((v) => versionSummaryOf(v, row.liveVersionId));
  }

  version(id: number, version: number): VersionDetail {
    const row = flowRow(this.db, id);
    return versionDetailOf(versionRow(this.db, id, version), row.liveVersionId);
  }

  diff(id: number, from: VersionRef, to: VersionRef): VersionDiff {
    return diffVersions(this.db, id, from, to);
  }

  private async freshChecks(what: string): Promise<FlowChecks> {
    try {
      await this.sounds.refresh();
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new IvrRuleError(
        'unavailable',
        `${what} was not published: its sounds must be checked against Asterisk first, and ${why}`,
      );
    }
    return this.checks.current();
  }

  private storeVersion(
    tx: DbLike,
    row: FlowRow,
    text: { source: string; format: FlowFormat },
    label: string,
    checks: FlowChecks,
    meta: PublishOptions & { rolledBackFrom: number | null },
  ): Published {
    const checked = checkFlowSource(text.source, text.format, label, checks);
    if (!checked.flow) throw new InvalidFlowError(checked.report.errors, checked.report.warnings);
    const previousLive = liveVersionRow(tx, row)?.version ?? null;
    const last = tx
      .select({ n: max(flowVersions.version) })
      .from(flowVersions)
      .where(eq(flowVersions.flowId, row.id))
      .get()?.n;
    const now = this.clock();
    const stored = tx
      .insert(flowVersions)
      .values({
        flowId: row.id,
        version: (last ?? 0) + 1,
        source: text.source,
        format: text.format,
        document: checked.flow as unknown as Record<string, unknown>,
        publishedAt: now,
        publishedBy: meta.publishedBy,
        note: meta.note?.trim() || null,
        rolledBackFrom: meta.rolledBackFrom,
      })
      .returning()
      .get();
    tx.update(flows).set({ liveVersionId: stored.id, updatedAt: now }).where(eq(flows.id, row.id)).run();
    return { version: versionDetailOf(stored, stored.id), previousLive, warnings: checked.report.warnings };
  }
}
