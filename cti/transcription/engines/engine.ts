import type { TranscriptSegment } from '../schema.js';

/** What an engine heard, before redaction: times are milliseconds into the file it was given. */
export interface EngineResult {
  segments: TranscriptSegment[];
  language: string | null;
}

/** A speech-to-text engine; chosen by SWITCHBOARD_TRANSCRIPTION_ENGINE (see engines/index.ts). */
export interface TranscriptionEngine {
  readonly name: string;
  /** `wavPath` is the recording as Asterisk wrote it (8 kHz mono WAV for calls). */
  transcribe(wavPath: string): Promise<EngineResult>;
}

/** The engine could not do its work; `retryable: false` fails the job without further attempts. */
export class EngineError extends Error {
  override readonly name = 'EngineError';

  constructor(
    message: string,
    readonly retryable = true,
  ) {
    super(message);
  }
}
