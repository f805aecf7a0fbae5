import { and, desc, eq } from 'drizzle-orm';
import { acdOffers, agents, callRecordings } from '../acd/schema.js';
import type { Principal } from '../auth/access.js';
import { accessScope, outOfScope, seesCall } from '../auth/scope.js';
import { type CallRow, calls } from '../calls/schema.js';
import { AriRequestError } from '../infra/ari/errors.js';
import type { AriLiveRecording, AriRest } from '../infra/ari/types.js';
import type { Db } from '../infra/db/client.js';
import { markersOf, openPause, pausedMsAt, type RecordingMarker, recordedMsAt } from './markers.js';
import { RecordingRuleError } from './recording-error.js';
import { inspectRecordingFile, recordingPath } from './recording-file.js';

type RecordingRow = typeof callRecordings.$inferSelect;

/** A call's recording as the API shows it. */
export interface RecordingView {
  id: number;
  name: string;
  format: string;
  /** File name in Asterisk's recording directory. */
  file: string;
  startedAt: string;
  endedAt: string | null;
  state: 'recording' | 'paused' | 'ended';
  markers: RecordingMarker[];
  /** Time left out of the file by pauses. */
  pausedMs: number;
  /** Null when the file is not found (or the spool directory is not configured). */
  sizeBytes: number | null;
  /** Audio in the file (WAV header and size), else the duration stored at hang-up; null if neither is known. */
  durationMs: number | null;
}

export interface CallRecordingsDeps {
  db: Db;
  rest: () => AriRest;
  clock: () => Date;
  /** Host path of Asterisk's spool directory (SWITCHBOARD_ASTERISK_SPOOL_DIR); files are not inspected without it. */
  spoolDir: string | null;
}

type Change = 'pause' | 'resume';

/**
 * Recordings of agent calls: pausing while a caller reads out a card number, resuming after, each
 * stored as a marker on the recording. Asterisk's word on the live recording decides whether a
 * change is possible; the row changes only after Asterisk accepted it.
 */
export class CallRecordings {
  /** One change at a time per recording, so two quick clicks cannot both pass the "not paused" check. */
  private readonly busy = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: CallRecordingsDeps) {}

  async list(callId: number, principal: Principal): Promise<RecordingView[]> {
    const call = this.callOrThrow(callId);
    this.authorize(call, principal, 'see its recordings');
    const rows = this.deps.db
      .select()
      .from(callRecordings)
      .where(eq(callRecordings.callId, callId))
      .orderBy(callRecordings.startedAt, callRecordings.id)
      .all();
    return Promise.all(rows.map((row) => this.view(call, row)));
  }

  pause(callId: number, principal: Principal, reason?: string) {
    return this.change('pause', callId, principal, reason);
  }

  resume(callId: number, principal: Principal, reason?: string) {
    return this.change('resume', callId, principal, reason);
  }

  private async change(
    kind: Change,
    callId: number,
    principal: Principal,
    reason: string | undefined,
  ): Promise<{ recording: RecordingView; marker: RecordingMarker }> {
    const call = this.callOrThrow(callId);
    this.authorize(call, principal, `${kind} its recording`);
    const { name } = this.liveRow(call);
    return this.oneAtATime(name, async () => {
      // Read again: a change queued before this one may have moved the markers.
      const row = this.liveRow(this.callOrThrow(callId));
      const markers = markersOf(row.markers, row.startedAt);
      const rest = this.ari(kind, row, callId);
      const live = await this.asterisk(kind, row, callId, () => rest.getLiveRecording(row.name));
      this.checkState(kind, live, row, callId, markers);
      await this.asterisk(kind, row, callId, () =>
        kind === 'pause' ? rest.pauseLiveRecording(row.name) : rest.unpauseLiveRecording(row.name),
      );
      const at = this.deps.clock();
      const marker: RecordingMarker = {
        kind,
        at: at.toISOString(),
        offsetMs: recordedMsAt(row.startedAt, markers, at),
        by: `${principal.kind}:${principal.name}`,
        ...(reason ? { reason } : {}),
      };
      const next = [...markers, marker];
      try {
        this.deps.db.update(callRecordings).set({ markers: next }).where(eq(callRecordings.id, row.id)).run();
      } catch (err) {
        // The marker is the record of the pause: without it, put Asterisk back as it was.
        await (kind === 'pause'
          ? rest.unpauseLiveRecording(row.name)
          : rest.pauseLiveRecording(row.name)
        ).catch(() => undefined);
        throw err;
      }
      return { recording: await this.view(call, { ...row, markers: next }), marker };
    });
  }

  private callOrThrow(callId: number): CallRow {
    const call = this.deps.db.select().from(calls).where(eq(calls.id, callId)).get();
    if (!call) throw new RecordingRuleError('not_found', 'not_found', `call ${callId} not found`);
    return call;
  }

  /**
   * Admins may act on any call; supervisors on a call that waited in one of their queues; an
   * agent only on a call they answered.
   */
  private authorize(call: CallRow, principal: Principal, action: string): void {
    if (principal.role === 'admin') return;
    if (principal.role === 'supervisor') {
      if (seesCall(this.deps.db, accessScope(this.deps.db, principal), call.id)) return;
      throw new RecordingRuleError(
        'forbidden',
        'out_of_scope',
        outOfScope(principal, `call ${call.id}`).message,
      );
    }
    if (principal.kind === 'user' && this.agentUserIds(call.id).includes(principal.id)) return;
    const who =
      principal.kind === 'user'
        ? `user "${principal.name}"`
        : `API key "${principal.name}" (not an agent's login)`;
    throw new RecordingRuleError(
      'forbidden',
      'forbidden',
      `only the agent who answered call ${call.id}, a supervisor of its queue or an admin may ${action}; ${who} did not answer it`,
    );
  }

  /** Users linked to the agents who answered the call (acd_offers → agents.userId). */
  private agentUserIds(callId: number): number[] {
    return this.deps.db
      .select({ userId: agents.userId })
      .from(acdOffers)
      .innerJoin(agents, eq(agents.id, acdOffers.agentId))
      .where(and(eq(acdOffers.callId, callId), eq(acdOffers.outcome, 'answered')))
      .all()
      .flatMap((r) => (r.userId === null ? [] : [r.userId]));
  }

  /** The recording still being made for the call: its newest row, while neither it nor the call has ended. */
  private liveRow(call: CallRow): RecordingRow {
    const row = this.deps.db
      .select()
      .from(callRecordings)
      .where(eq(callRecordings.callId, call.id))
      .orderBy(desc(callRecordings.startedAt), desc(callRecordings.id))
      .get();
    const notLive = (why: string) =>
      new RecordingRuleError(
        'conflict',
        'no_live_recording',
        `call ${call.id} has no live recording: ${why}`,
      );
    if (call.endedAt) throw notLive(`the call ended at ${call.endedAt.toISOString()}`);
    if (!row) throw notLive('no agent has answered it yet, so nothing is being recorded');
    if (row.endedAt) throw notLive(`recording ${row.name} ended at ${row.endedAt.toISOString()}`);
    return row;
  }

  private ari(kind: Change, row: RecordingRow, callId: number): AriRest {
    try {
      return this.deps.rest();
    } catch (err) {
      throw new RecordingRuleError(
        'asterisk_unavailable',
        'asterisk_unavailable',
        `cannot ${kind} recording ${row.name} of call ${callId}: ${(err as Error).message}`,
      );
    }
  }

  private async asterisk<T>(kind: Change, row: RecordingRow, callId: number, request: () => Promise<T>) {
    try {
      return await request();
    } catch (err) {
      if (!(err instanceof AriRequestError)) throw err;
      // 404 "Recording not found" or 409 "Recording not in session": it finished or failed meanwhile.
      if (err.notFound || /not in session/i.test(err.detail)) throw gone(row, callId, err.detail);
      throw new RecordingRuleError(
        'asterisk_failed',
        'asterisk_error',
        `Asterisk refused to ${kind} recording ${row.name} of call ${callId}: ${err.detail}`,
      );
    }
  }

  private checkState(
    kind: Change,
    live: AriLiveRecording | null,
    row: RecordingRow,
    callId: number,
    markers: RecordingMarker[],
  ): void {
    if (!live) throw gone(row, callId, 'no live recording by that name');
    if (live.state !== 'recording' && live.state !== 'paused') {
      throw new RecordingRuleError(
        'conflict',
        'no_live_recording',
        `recording ${row.name} of call ${callId} is ${live.state} in Asterisk, not recording; nothing to ${kind}`,
      );
    }
    if (kind === 'pause' && live.state === 'paused') {
      const since = openPause(markers);
      throw new RecordingRuleError(
        'conflict',
        'already_paused',
        `recording ${row.name} of call ${callId} is already paused${since ? ` (since ${since.at}, by ${since.by})` : ''}`,
      );
    }
    if (kind === 'resume' && live.state === 'recording') {
      throw new RecordingRuleError(
        'conflict',
        'not_paused',
        `recording ${row.name} of call ${callId} is not paused; nothing to resume`,
      );
    }
  }

  private async view(call: CallRow, row: RecordingRow): Promise<RecordingView> {
    const markers = markersOf(row.markers, row.startedAt);
    const endedAt = row.endedAt ?? call.endedAt;
    const file = this.deps.spoolDir
      ? await inspectRecordingFile(recordingPath(this.deps.spoolDir, row.name, row.format), row.format).catch(
          () => null,
        )
      : null;
    return {
      id: row.id,
      name: row.name,
      format: row.format,
      file: `${row.name}.${row.format}`,
      startedAt: row.startedAt.toISOString(),
      endedAt: row.endedAt?.toISOString() ?? null,
      state: endedAt ? 'ended' : openPause(markers) ? 'paused' : 'recording',
      markers,
      pausedMs: pausedMsAt(markers, endedAt ?? this.deps.clock()),
      sizeBytes: file?.sizeBytes ?? null,
      durationMs: file?.durationMs ?? (row.durationSeconds === null ? null : row.durationSeconds * 1000),
    };
  }

  private async oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.busy.get(key) ?? Promise.resolve();
    const mine = before.catch(() => undefined).then(work);
    this.busy.set(key, mine);
    try {
      return await mine;
    } finally {
      if (this.busy.get(key) === mine) this.busy.delete(key);
    }
  }
}

function gone(row: RecordingRow, callId: number, detail: string): RecordingRuleError {
  return new RecordingRuleError(
    'conflict',
    'recording_gone',
    `Asterisk no longer has live recording ${row.name} of call ${callId} (it ended or was lost; ARI: ${detail})`,
  );
}
