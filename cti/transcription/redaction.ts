import type { RecordingMarker } from '../recordings/markers.js';
import type { TranscriptSegment } from './schema.js';

export const REDACTED = '[redacted]';

/**
 * A stretch of the recorded file to redact, in file milliseconds.
 *
 * What the offsets mean: a marker's offsetMs is the audio recorded before it (recordings/markers.ts).
 * Asterisk writes nothing while a recording is paused, so a pause and its resume carry the SAME
 * offset: the paused speech is not in the file at all, and in the file the pause is a join — the
 * audio before the pause butts against the audio after the resume. What can still leak is speech
 * around that join: the offset is taken when the daemon saw Asterisk accept the request, not the
 * instant the mixer stopped writing, so the last syllables before a pause (and the first after a
 * resume) may be in the file. Hence the span is the join widened by `guardMs` on each side, and
 * the join itself is always shown as "[redacted]" (even when no word fell there) so a reader sees
 * that speech is missing. Offsets that differ (older rows whose offsets were worked out from wall
 * times, or a pause still open at the end) widen the span to cover everything between them.
 */
export interface RedactionSpan {
  fromMs: number;
  /** Infinity for a pause never resumed (the recording ended paused). */
  toMs: number;
  /** Where in the file the paused audio is missing. */
  joinMs: number;
  /** Wall-clock time the recording was paused (from the markers' times); null if still paused at the end. */
  pausedMs: number | null;
}

export function redactionSpans(markers: readonly RecordingMarker[], guardMs: number): RedactionSpan[] {
  const spans: RedactionSpan[] = [];
  let pause: RecordingMarker | null = null;
  for (const marker of markers) {
    if (marker.kind === 'pause' && pause === null) pause = marker;
    else if (marker.kind === 'resume' && pause !== null) {
      spans.push({
        fromMs: Math.max(0, pause.offsetMs - guardMs),
        toMs: Math.max(marker.offsetMs, pause.offsetMs) + guardMs,
        joinMs: pause.offsetMs,
        pausedMs: Math.max(0, Date.parse(marker.at) - Date.parse(pause.at)),
      });
      pause = null;
    }
  }
  if (pause !== null)
    spans.push({
      fromMs: Math.max(0, pause.offsetMs - guardMs),
      toMs: Number.POSITIVE_INFINITY,
      joinMs: pause.offsetMs,
      pausedMs: null,
    });
  return spans;
}

export interface RedactedTranscript {
  segments: TranscriptSegment[];
  text: string;
  redactedSpans: number;
}

/**
 * Replaces every segment that overlaps a paused span with one "[redacted]" segment per span
 * (covering the join and the words it swallowed), keeping the rest in time order.
 */
export function redactTranscript(
  segments: readonly TranscriptSegment[],
  markers: readonly RecordingMarker[],
  guardMs: number,
): RedactedTranscript {
  const spans = redactionSpans(markers, guardMs);
  const overlaps = (s: TranscriptSegment, span: RedactionSpan) =>
    s.startMs < span.toMs && s.endMs > span.fromMs && !(s.endMs === s.startMs && s.startMs === span.toMs);
  const blocks = spans.map((span) => ({ startMs: span.joinMs, endMs: span.joinMs }));
  const kept: TranscriptSegment[] = [];
  for (const segment of segments) {
    const hit = spans.findIndex((span) => overlaps(segment, span));
    const block = blocks[hit];
    if (block === undefined) {
      kept.push(segment);
      continue;
    }
    block.startMs = Math.min(block.startMs, segment.startMs);
    block.endMs = Math.max(block.endMs, segment.endMs);
  }
  const redacted = mergeOverlapping(blocks).map(
    (b): TranscriptSegment => ({ startMs: b.startMs, endMs: b.endMs, text: REDACTED, redacted: true }),
  );
  const all = [...kept, ...redacted].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  return { segments: all, text: textOf(all), redactedSpans: spans.length };
}

export function textOf(segments: readonly TranscriptSegment[]): string {
  return segments
    .map((s) => s.text.trim())
    .filter((t) => t !== '')
    .join(' ');
}

function mergeOverlapping(blocks: Array<{ startMs: number; endMs: number }>) {
  const sorted = [...blocks].sort((a, b) => a.startMs - b.startMs);
  const merged: Array<{ startMs: number; endMs: number }> = [];
  for (const b of sorted) {
    const last = merged.at(-1);
    if (last && b.startMs <= last.endMs) last.endMs = Math.max(last.endMs, b.endMs);
    else merged.push({ ...b });
  }
  return merged;
}
