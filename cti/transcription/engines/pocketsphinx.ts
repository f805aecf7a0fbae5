import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TranscriptSegment } from '../schema.js';
import type { EngineResult, TranscriptionEngine } from './engine.js';
import { runTool } from './run-tool.js';

const TOOL_TIMEOUT_MS = 30 * 60_000;

/**
 * Offline speech-to-text with CMU pocketsphinx (Debian pocketsphinx, pocketsphinx-en-us). Its
 * acoustic model is 16 kHz, so telephone audio is first resampled with sox; the resampled file has
 * the same timeline, so word times are times in the recording.
 */
export class PocketsphinxEngine implements TranscriptionEngine {
  readonly name = 'pocketsphinx';

  constructor(private readonly options: { extraArgs?: readonly string[] } = {}) {}

  async transcribe(wavPath: string): Promise<EngineResult> {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-stt-'));
    try {
      const wide = join(dir, 'audio-16k.wav');
      await runTool(
        'sox',
        ['-V1', wavPath, '-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer', wide],
        {
          timeoutMs: 5 * 60_000,
          debianPackage: 'sox',
        },
      );
      const out = await runTool(
        'pocketsphinx_continuous',
        ['-infile', wide, '-time', 'yes', '-logfn', '/dev/null', ...(this.options.extraArgs ?? [])],
        { timeoutMs: TOOL_TIMEOUT_MS, debianPackage: 'pocketsphinx and pocketsphinx-en-us' },
      );
      return { segments: parsePocketsphinxWords(out), language: 'en-US' };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/** `word start end confidence`, times in seconds: what `-time yes` prints per word, after each hypothesis line. */
const WORD_LINE = /^(\S+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?(?:e-?\d+)?)$/;

/**
 * Words with their times from pocketsphinx_continuous -time yes. Sentence marks (<s>, </s>),
 * silences (<sil>) and fillers ([NOISE], ++GARBAGE++) are dropped; "word(2)" (an alternative
 * pronunciation) is the word.
 */
export function parsePocketsphinxWords(output: string): TranscriptSegment[] {
  const words: TranscriptSegment[] = [];
  for (const raw of output.split('\n')) {
    const match = WORD_LINE.exec(raw.trim());
    if (!match) continue;
    const [, token = '', start = '0', end = '0', confidence = '0'] = match;
    if (/^<.*>$|^\[.*\]$|^\+\+.*\+\+$/.test(token)) continue;
    const word = token.replace(/\(\d+\)$/, '');
    words.push({
      startMs: Math.round(Number(start) * 1000),
      endMs: Math.round(Number(end) * 1000),
      text: word,
      confidence: Math.min(1, Math.max(0, Number(confidence))),
    });
  }
  return words.sort((a, b) => a.startMs - b.startMs);
}
