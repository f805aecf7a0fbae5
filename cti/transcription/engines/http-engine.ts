import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { TranscriptSegment } from '../schema.js';
import { EngineError, type EngineResult, type TranscriptionEngine } from './engine.js';

export interface HttpEngineOptions {
  /** Base URL (http://host:port) or the full …/v1/audio/transcriptions URL. */
  url: string;
  apiKey: string | null;
  model: string;
  timeoutMs?: number;
}

interface VerboseJson {
  text?: string;
  language?: string;
  segments?: Array<{ start?: number; end?: number; text?: string; avg_logprob?: number }>;
  words?: Array<{ word?: string; start?: number; end?: number; probability?: number }>;
}

/**
 * An OpenAI-compatible speech-to-text server (OpenAI, faster-whisper-server, whisper.cpp server,
 * LocalAI...): the WAV as multipart, `response_format=verbose_json`, word timings asked for and
 * used when the server gives them, else its segments.
 */
export class HttpEngine implements TranscriptionEngine {
  readonly name = 'http';
  private readonly endpoint: string;

  constructor(private readonly options: HttpEngineOptions) {
    const base = options.url.replace(/\/+$/, '');
    this.endpoint = base.endsWith('/audio/transcriptions') ? base : `${base}/v1/audio/transcriptions`;
  }

  async transcribe(wavPath: string): Promise<EngineResult> {
    const form = new FormData();
    form.append('file', new Blob([await readFile(wavPath)], { type: 'audio/wav' }), basename(wavPath));
    form.append('model', this.options.model);
    form.append('response_format', 'verbose_json');
    form.append('timestamp_granularities[]', 'word');
    form.append('timestamp_granularities[]', 'segment');
    let res: Response;
    try {
      res = await fetch(this.endpoint, {
        method: 'POST',
        body: form,
        headers: this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {},
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10 * 60_000),
      });
    } catch (err) {
      const cause = (err as { cause?: NodeJS.ErrnoException }).cause;
      throw new EngineError(
        `${this.endpoint} unreachable: ${cause?.code ?? cause?.message ?? (err as Error).message}`,
      );
    }
    const body = await res.text();
    if (!res.ok) {
      // A refused request (bad key, unknown model, file too large) will not pass on a retry.
      const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
      throw new EngineError(`${this.endpoint} answered ${res.status}: ${body.slice(0, 300)}`, retryable);
    }
    let parsed: VerboseJson;
    try {
      parsed = JSON.parse(body) as VerboseJson;
    } catch {
      throw new EngineError(
        `${this.endpoint} answered with something other than JSON: ${body.slice(0, 120)}`,
        false,
      );
    }
    return { segments: segmentsOf(parsed), language: parsed.language ?? null };
  }
}

export function segmentsOf(reply: VerboseJson): TranscriptSegment[] {
  const ms = (seconds: number | undefined) => Math.round((seconds ?? 0) * 1000);
  if (reply.words && reply.words.length > 0) {
    return reply.words
      .filter((w) => (w.word ?? '').trim() !== '')
      .map((w) => ({
        startMs: ms(w.start),
        endMs: ms(w.end),
        text: (w.word ?? '').trim(),
        ...(typeof w.probability === 'number' ? { confidence: w.probability } : {}),
      }));
  }
  if (reply.segments && reply.segments.length > 0) {
    return reply.segments
      .filter((s) => (s.text ?? '').trim() !== '')
      .map((s) => ({ startMs: ms(s.start), endMs: ms(s.end), text: (s.text ?? '').trim() }));
  }
  // No timings at all: one segment with the whole text, so it is still stored and searchable.
  const text = (reply.text ?? '').trim();
  return text ? [{ startMs: 0, endMs: 0, text }] : [];
}
