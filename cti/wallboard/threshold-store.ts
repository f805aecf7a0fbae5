import { EventEmitter } from 'node:events';
import { eq } from 'drizzle-orm';
import { acdQueues } from '../acd/schema.js';
import { appSettings } from '../auth/scope-schema.js';
import type { Db } from '../infra/db/client.js';
import { type Checked, checkThresholds, DEFAULT_THRESHOLDS, type Thresholds } from './thresholds.js';

export const THRESHOLDS_KEY = 'wallboard.thresholds';

/** Saves by database, so the supervisor feed pushes new thresholds the moment an admin saves them. */
const saves = new WeakMap<Db, EventEmitter>();

function savesOf(db: Db): EventEmitter {
  let emitter = saves.get(db);
  if (!emitter) {
    emitter = new EventEmitter();
    saves.set(db, emitter);
  }
  return emitter;
}

/** Calls `listener` after every save to this database's thresholds; returns the unsubscribe. */
export function onThresholdsSaved(db: Db, listener: () => void): () => void {
  const emitter = savesOf(db);
  emitter.on('saved', listener);
  return () => emitter.off('saved', listener);
}

export interface StoredThresholds {
  thresholds: Thresholds;
  /** Null while the defaults stand (nothing stored yet). */
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** The thresholds in app_settings under 'wallboard.thresholds', read over the defaults. */
export class ThresholdStore {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  get(): StoredThresholds {
    const row = this.db.select().from(appSettings).where(eq(appSettings.key, THRESHOLDS_KEY)).get();
    if (!row) return { thresholds: DEFAULT_THRESHOLDS, updatedAt: null, updatedBy: null };
    // A queue deleted since the thresholds were saved just loses its override.
    const known = this.queueIds();
    const checked = checkThresholds(row.value, known);
    const thresholds = checked.ok ? checked.value : salvage(row.value, known);
    return { thresholds, updatedAt: row.updatedAt, updatedBy: row.updatedBy };
  }

  /**
   * Changes whenever the thresholds are saved. Saves in this process are announced at once
   * (onThresholdsSaved); the feed also compares versions now and then for writes from elsewhere.
   */
  version(): number {
    const row = this.db
      .select({ updatedAt: appSettings.updatedAt })
      .from(appSettings)
      .where(eq(appSettings.key, THRESHOLDS_KEY))
      .get();
    return row?.updatedAt.getTime() ?? 0;
  }

  /** Checks and stores in one go; on a problem nothing is stored. */
  put(input: unknown, updatedBy: string): Checked<StoredThresholds> {
    const checked = checkThresholds(input, this.queueIds());
    if (!checked.ok) return checked;
    const now = this.clock();
    // Never the same version twice in a row, even within one millisecond (the feed compares versions).
    const updatedAt = new Date(Math.max(now.getTime(), this.version() + 1));
    this.db
      .insert(appSettings)
      .values({ key: THRESHOLDS_KEY, value: checked.value, updatedAt, updatedBy })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: checked.value, updatedAt, updatedBy } })
      .run();
    savesOf(this.db).emit('saved');
    return { ok: true, value: { thresholds: checked.value, updatedAt, updatedBy } };
  }

  private queueIds(): Set<string> {
    return new Set(
      this.db
        .select({ id: acdQueues.id })
        .from(acdQueues)
        .all()
        .map((r) => r.id),
    );
  }
}

/** What still makes sense of a stored value that no longer checks out: the overrides of queues that exist. */
function salvage(value: unknown, known: ReadonlySet<string>): Thresholds {
  if (typeof value !== 'object' || value === null) return DEFAULT_THRESHOLDS;
  const { queues, ...rest } = value as Record<string, unknown>;
  const kept =
    typeof queues === 'object' && queues !== null
      ? Object.fromEntries(Object.entries(queues).filter(([id]) => known.has(id)))
      : {};
  const checked = checkThresholds({ ...rest, queues: kept }, known);
  return checked.ok ? checked.value : DEFAULT_THRESHOLDS;
}
