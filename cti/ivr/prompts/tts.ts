import { createHash } from 'node:crypto';

/**
 * Text-to-speech for `say` prompts. An engine turns text into an 8 kHz mono WAV on the host and
 * returns its path; engines cache by (engine, voice, text), so a prompt is synthesized once.
 */
export interface TextToSpeech {
  /** Short engine name, part of the cache key (e.g. "espeak-ng"). */
  readonly engine: string;
  /** Host path of an 8 kHz mono 16-bit WAV of `text` spoken by `voice`. */
  synthesize(text: string, voice: string): Promise<string>;
  /** Voice names the engine accepts, lower-case (for validating flows). */
  voices(): Promise<ReadonlySet<string>>;
}

export const TTS_MAX_CHARS = 1000;

/** The text or voice cannot be spoken; the message says which and why. */
export class TtsInputError extends Error {
  override readonly name = 'TtsInputError';
}

/** The engine itself failed (not installed, crashed); the message names the command and its words. */
export class TtsEngineError extends Error {
  override readonly name = 'TtsEngineError';
}

/** Refuses text no engine should be handed; returns it as it will be spoken. */
export function checkedText(text: string): string {
  if (typeof text !== 'string' || text.trim() === '') throw new TtsInputError('text to speak is empty');
  if (text.length > TTS_MAX_CHARS) {
    throw new TtsInputError(`text to speak is ${text.length} characters; the limit is ${TTS_MAX_CHARS}`);
  }
  if (text.includes('\0')) throw new TtsInputError('text to speak contains a NUL character');
  return text;
}

/** File name (without .wav) a synthesized prompt is cached under. */
export function ttsCacheKey(engine: string, voice: string, text: string): string {
  return createHash('sha256').update(`${engine}\n${voice}\n${text}`).digest('hex').slice(0, 40);
}

/**
 * The engine's name for `voice` ("de-DE" → "de-de", "en_GB" → "en-gb"), or undefined when the
 * engine has neither it nor its bare language: a regional form of a known language is accepted,
 * engines fall back to the language themselves.
 */
export function knownVoice(voices: { has(name: string): boolean }, voice: string): string | undefined {
  const name = voice.trim().toLowerCase().replace(/_/g, '-');
  if (voices.has(name)) return name;
  const base = /^([a-z]{2,3})-[a-z0-9-]+$/.exec(name)?.[1];
  return base !== undefined && voices.has(base) ? name : undefined;
}
