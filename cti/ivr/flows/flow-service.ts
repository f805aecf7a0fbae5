import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../infra/db/client.js';
import { InvalidFlowError, IvrRuleError } from '../rule-error.js';
import { flows } from '../schema.js';
import type { SoundCatalog } from '../sound-catalog.js';
import { checkFlowSource, detectFormat, type FlowCheckSource, type FlowFormat } from './flow-check.js';
import { type CallFlow, flowForCall, flowVersionById } from './flow-for-call.js';
import {
  type DbLike,
  detailOf,
  didsByFlow,
  type FlowDetail,
  type FlowRow,
  type FlowSummary,
  flowRow,
  flowRowByName,
  summaryOf,
} from './flow-rows.js';
import type { FlowReport, IssueView } from './issue-view.js';

export interface NewFlow {
  /** Defaults to the document's own `name`. */
  name?: string;
  description?: string;
  source: string;
  /** Detected from the text when not given: "{" starts JSON, anything else is YAML. */
  format?: FlowFormat;
}

export interface DraftChanges {
  name?: string;
  description?: string | null;
  source?: string;
  format?: FlowFormat;
}

/** A saved flow and the warnings its draft has (errors are never saved). */
export interface SavedFlow {
  flow: FlowDetail;
  warnings: IssueView[];
  /** Field → before/after, for the audit log (no texts, only their sizes). */
  changes: Record<string, { from: unknown; to: unknown }>;
}

const NAME_MAX = 100;

/**
 * Flows as administrators edit them: a draft text that is always valid when saved (errors are
 * refused with every issue, the previous draft stays), listed with what is live and which DIDs
 * reach it. Publishing lives in flow-publisher.ts.
 */
export class FlowService {
  constructor(
    private readonly db: Db,
    private readonly checks: FlowCheckSource,
    private readonly sounds: SoundCatalog,
    private readonly clock: () => Date,
  ) {}

  list(): FlowSummary[] {
    const rows = this.db.select().from(flows).orderBy(asc(flows.name)).all();
    const dids = didsByFlow(
      this.db,
      rows.map((r) => r.id),
    );
    return rows.map((row) => summaryOf(this.db, row, dids.get(row.id) ?? []));
  }

  get(id: number): FlowDetail {
    return detailOf(this.db, flowRow(this.db, id));
  }

  /** The live flow version a call to `dialedNumber` starts on now (its DID, else "*", else null). */
  flowForCall(dialedNumber: string): CallFlow | null {
    return flowForCall(this.db, dialedNumber);
  }

  /** A stored version by id: what a call that started on it keeps running, whatever is live now. */
  flowVersion(versionId: number): Omit<CallFlow, 'matchedDid'> | null {
    return flowVersionById(this.db, versionId);
  }

  async create(input: NewFlow): Promise<SavedFlow> {
    const checks = await this.checks.current();
    return this.db.transaction((tx) => {
      const format = input.format ?? detectFormat(input.source);
      const label = input.name === undefined ? 'new flow' : `new flow "${input.name}"`;
      const checked = checkFlowSource(input.source, format, label, checks);
      if (!checked.flow) throw new InvalidFlowError(checked.report.errors, checked.report.warnings);
      const name = checkedName(input.name ?? checked.flow.name);
      refuseTakenName(tx, name);
      const now = this.clock();
      const row = tx
        .insert(flows)
        .values({
          name,
          description: blankToNull(input.description),
          draftSource: input.source,
          draftFormat: format,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get();
      return {
        flow: detailOf(tx, row),
        warnings: checked.report.warnings,
        changes: { name: { from: null, to: name }, source: { from: null, to: sizeOf(input.source) } },
      };
    });
  }

  /** Replaces the draft (and/or renames); refused with every issue when the new text has errors. */
  async updateDraft(id: number, changes: DraftChanges): Promise<SavedFlow> {
    const checks = await this.checks.current();
    return this.db.transaction((tx) => {
      const before = flowRow(tx, id);
      const diff: SavedFlow['changes'] = {};
      const set: Partial<FlowRow> = {};
      let warnings: IssueView[] = [];
      if (changes.source !== undefined || changes.format !== undefined) {
        const source = changes.source ?? before.draftSource;
        const format =
          changes.format ?? (changes.source === undefined ? before.draftFormat : detectFormat(source));
        const checked = checkFlowSource(source, format, `flow ${id} draft`, checks);
        if (!checked.report.ok) throw new InvalidFlowError(checked.report.errors, checked.report.warnings);
        warnings = checked.report.warnings;
        if (source !== before.draftSource) {
          set.draftSource = source;
          diff.source = { from: sizeOf(before.draftSource), to: sizeOf(source) };
        }
        if (format !== before.draftFormat) {
          set.draftFormat = format;
          diff.format = { from: before.draftFormat, to: format };
        }
      }
      if (changes.name !== undefined) {
        const name = checkedName(changes.name);
        if (name !== before.name) {
          refuseTakenName(tx, name);
          set.name = name;
          diff.name = { from: before.name, to: name };
        }
      }
      if (changes.description !== undefined) {
        const description = blankToNull(changes.description);
        if (description !== before.description) {
          set.description = description;
          diff.description = { from: before.description, to: description };
        }
      }
      if (Object.keys(set).length === 0) return { flow: detailOf(tx, before), warnings, changes: diff };
      const after = tx
        .update(flows)
        .set({ ...set, updatedAt: this.clock() })
        .where(eq(flows.id, id))
        .returning()
        .get();
      return { flow: detailOf(tx, after), warnings, changes: diff };
    });
  }

  /**
   * Checks the draft, or `text` without saving it, against what the server knows now. When the
   * sound list has never loaded it is tried once; if Asterisk still does not answer, a warning says
   * sounds were not checked (publish will refuse until they can be).
   */
  async validate(id: number, text?: { source: string; format?: FlowFormat }): Promise<FlowReport> {
    const row = flowRow(this.db, id);
    let soundsUnchecked: string | undefined;
    if (!this.sounds.loaded) {
      soundsUnchecked = await this.sounds.refresh().then(
        () => undefined,
        (err: unknown) => (err instanceof Error ? err.message : String(err)),
      );
    }
    const checks = await this.checks.current();
    const source = text?.source ?? row.draftSource;
    const format = text ? (text.format ?? detectFormat(text.source)) : row.draftFormat;
    const label = text ? `flow ${id} (unsaved text)` : `flow ${id} draft`;
    const { report } = checkFlowSource(source, format, label, checks);
    if (soundsUnchecked !== undefined) {
      report.warnings.push({
        path: '',
        message: `sound names were not checked: ${soundsUnchecked}`,
        text: `${label}: sound names were not checked: ${soundsUnchecked}`,
      });
    }
    return report;
  }

  /** Deletes a flow and its versions; refused while any DID still routes to it. */
  delete(id: number): FlowSummary {
    return this.db.transaction((tx) => {
      const row = flowRow(tx, id);
      const summary = summaryOf(tx, row);
      if (summary.dids.length > 0) {
        const list = summary.dids.map((d) => `"${d}"`).join(', ');
        throw new IvrRuleError(
          'conflict',
          `flow ${id} ("${row.name}") cannot be deleted: DID ${list} ${summary.dids.length === 1 ? 'routes' : 'route'} to it; point ${summary.dids.length === 1 ? 'it' : 'them'} at another flow or delete the route first`,
        );
      }
      tx.delete(flows).where(eq(flows.id, id)).run();
      return summary;
    });
  }
}

function checkedName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > NAME_MAX) {
    throw new IvrRuleError(
      'invalid',
      `flow name ${JSON.stringify(name)} is not allowed: 1-${NAME_MAX} characters, not only spaces`,
    );
  }
  return trimmed;
}

function refuseTakenName(db: DbLike, name: string): void {
  const taken = flowRowByName(db, name);
  if (taken) throw new IvrRuleError('conflict', `flow name "${name}" is already taken (flow ${taken.id})`);
}

function blankToNull(text: string | null | undefined): string | null {
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
}

function sizeOf(text: string): string {
  return `${text.length} characters`;
}
