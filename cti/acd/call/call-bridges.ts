import { and, eq, isNull } from 'drizzle-orm';
import { BRIDGE_NAME_PREFIX } from '../../calls/holding-bridge.js';
import { ignoreNotFound } from '../../infra/ari/errors.js';
import type { AriRest } from '../../infra/ari/types.js';
import type { Db } from '../../infra/db/client.js';
import { markersOf, recordedMsAt } from '../../recordings/markers.js';
import { callRecordings } from '../schema.js';

export const CALL_BRIDGE_PREFIX = 'switchboard-call-';

export interface Connection {
  callId: number;
  callerChannelId: string;
  agentChannelId: string;
}

/**
 * Puts a caller and the agent who answered into one mixing bridge and records it; when either
 * side leaves, hangs up the other and removes the bridge.
 */
export class CallBridges {
  constructor(
    private readonly rest: () => AriRest,
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  /** Named after the caller's channel: unique in Asterisk, unlike a row id in a fresh database. */
  static bridgeIdOf(callerChannelId: string): string {
    return `${CALL_BRIDGE_PREFIX}${callerChannelId}`;
  }

  async connect(
    c: Connection,
    fromBridgeId: string | null,
  ): Promise<{ bridgeId: string; recordingName: string }> {
    const rest = this.rest();
    const bridgeId = CallBridges.bridgeIdOf(c.callerChannelId);
    await rest.createBridge(bridgeId, 'mixing', `${BRIDGE_NAME_PREFIX}call:${c.callId}`);
    // A channel sits in one bridge at a time: take the caller off hold first.
    if (fromBridgeId) await ignoreNotFound(rest.removeChannelFromBridge(fromBridgeId, c.callerChannelId));
    await rest.addChannelToBridge(bridgeId, c.callerChannelId);
    await rest.addChannelToBridge(bridgeId, c.agentChannelId);
    const recordingName = `call-${c.callId}-${this.clock().getTime()}`;
    await rest.recordBridge(bridgeId, { name: recordingName, format: 'wav', ifExists: 'fail', beep: false });
    this.db
      .insert(callRecordings)
      .values({ callId: c.callId, name: recordingName, format: 'wav', startedAt: this.clock(), markers: [] })
      .run();
    return { bridgeId, recordingName };
  }

  /** Either side left: the other is hung up too, and the bridge goes (ending its recording). */
  async tearDown(c: Connection): Promise<void> {
    this.recordingsEnded(c.callId);
    const rest = this.rest();
    await Promise.all([
      ignoreNotFound(rest.hangup(c.callerChannelId)),
      ignoreNotFound(rest.hangup(c.agentChannelId)),
    ]);
    await ignoreNotFound(rest.destroyBridge(CallBridges.bridgeIdOf(c.callerChannelId)));
  }

  /**
   * Closes the call's open recording rows, so pause and resume refuse at once, with the audio
   * length the markers imply (paused spans are not in the file).
   */
  private recordingsEnded(callId: number): void {
    const now = this.clock();
    const open = this.db
      .select()
      .from(callRecordings)
      .where(and(eq(callRecordings.callId, callId), isNull(callRecordings.endedAt)))
      .all();
    for (const row of open) {
      const recordedMs = recordedMsAt(row.startedAt, markersOf(row.markers, row.startedAt), now);
      this.db
        .update(callRecordings)
        .set({ endedAt: now, durationSeconds: Math.round(recordedMs / 1000) })
        .where(eq(callRecordings.id, row.id))
        .run();
    }
  }
}
