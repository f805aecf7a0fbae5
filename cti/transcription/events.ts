import { EventEmitter } from 'node:events';

export interface TranscriptReady {
  callId: number;
  recordingId: number;
  transcriptId: number;
}

interface TranscriptEventMap {
  'transcript.ready': [TranscriptReady];
}

/**
 * Transcripts out of the transcription feature, for whoever cares (tickets add them to a call's
 * worklog). Emitted in the process that ran the job: with SWITCHBOARD_TRANSCRIPTION_WORKER=off
 * the daemon does not hear them (read transcripts from the table instead).
 */
export class TranscriptEvents extends EventEmitter<TranscriptEventMap> {}
