/**
 * A pause or resume of a call recording, as stored in call_recordings.markers. `offsetMs` is the
 * recorded audio before the marker: Asterisk leaves paused spans out of the file, so a resume has
 * the same offset as the pause before it, and a player can show where the gap is.
 */
export interface RecordingMarker {
  kind: 'pause' | 'resume';
  /** ISO time the daemon saw Asterisk accept the pause or resume. */
  at: string;
  offsetMs: number;
  /** Who asked: "user:<name>" or "api_key:<name>". */
  by: string;
  reason?: string;
}

type StoredMarker = { kind: 'pause' | 'resume'; at: string; by: string };

/**
 * The stored JSON as markers. The column's declared type predates offsets and reasons
 * (cti/acd/schema.ts), so both are read defensively; a missing offset is worked out from the times.
 */
export function markersOf(stored: readonly StoredMarker[], startedAt: Date): RecordingMarker[] {
  const markers: RecordingMarker[] = [];
  for (const m of stored) {
    const offsetMs =
      'offsetMs' in m && typeof m.offsetMs === 'number'
        ? m.offsetMs
        : recordedMsAt(startedAt, markers, new Date(m.at));
    const reason = 'reason' in m && typeof m.reason === 'string' ? m.reason : undefined;
    markers.push({ kind: m.kind, at: m.at, offsetMs, by: m.by, ...(reason === undefined ? {} : { reason }) });
  }
  return markers;
}

/** The pause still in force (the last marker, when it is a pause). */
export function openPause(markers: readonly RecordingMarker[]): RecordingMarker | undefined {
  const last = markers.at(-1);
  return last?.kind === 'pause' ? last : undefined;
}

/** Total paused time up to `at`; a pause still in force counts until `at`. */
export function pausedMsAt(markers: readonly RecordingMarker[], at: Date): number {
  let pausedMs = 0;
  let pausedSince: number | null = null;
  for (const marker of markers) {
    const t = Date.parse(marker.at);
    if (marker.kind === 'pause' && pausedSince === null) pausedSince = t;
    else if (marker.kind === 'resume' && pausedSince !== null) {
      pausedMs += t - pausedSince;
      pausedSince = null;
    }
  }
  if (pausedSince !== null) pausedMs += Math.max(0, at.getTime() - pausedSince);
  return pausedMs;
}

/**
 * Milliseconds of audio recorded between `startedAt` and `at`: wall time minus the paused spans,
 * so while paused the count stands still at the pause.
 */
export function recordedMsAt(startedAt: Date, markers: readonly RecordingMarker[], at: Date): number {
  return Math.max(0, Math.round(at.getTime() - startedAt.getTime() - pausedMsAt(markers, at)));
}
