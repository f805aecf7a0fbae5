/**
 * The BullMQ job id of a recording's transcription: derived from the call_recordings row id, so a
 * replayed RecordingFinished or a relay retry names the same job and BullMQ keeps one. (BullMQ
 * refuses ids that are bare integers, hence the prefix.)
 */
export function jobIdOf(recordingId: number): string {
  return `recording-${recordingId}`;
}

/** "recording-42" or "42" → 42; null for anything else. */
export function recordingIdOfJob(id: string): number | null {
  const match = /^(?:recording-)?(\d{1,15})$/.exec(id);
  return match ? Number(match[1]) : null;
}

export const TRANSCRIPTION_QUEUE = 'transcription';

export interface TranscriptionJobData {
  recordingId: number;
  callId: number;
  transcriptId: number;
}
