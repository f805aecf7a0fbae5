import { execFile } from 'node:child_process';
import type { AudioKind } from './audio-sniff.js';

/**
 * sox and soxi, for turning uploads and speech into what Asterisk plays without transcoding:
 * 8 kHz, mono, 16-bit signed PCM WAV. Debian packages: sox, and libsox-fmt-mp3 for MP3 input.
 */

export const TELEPHONY_WAV = ['-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', '-t', 'wav'];

const TIMEOUT_MS = 60_000;

/** sox could not read or write the audio; the message carries sox's own words. */
export class SoxError extends Error {
  override readonly name = 'SoxError';
}

/** sox (or soxi) is not installed: the message names the packages. */
export class SoxMissingError extends Error {
  override readonly name = 'SoxMissingError';
}

export async function convertToTelephonyWav(input: string, kind: AudioKind, output: string): Promise<void> {
  await run('sox', ['-V1', '-t', kind, input, ...TELEPHONY_WAV, output]);
}

/** Length of an audio file in whole milliseconds. */
export async function durationMs(file: string): Promise<number> {
  const out = await run('soxi', ['-D', file]);
  const seconds = Number.parseFloat(out.trim());
  if (!Number.isFinite(seconds))
    throw new SoxError(`soxi -D ${file} printed ${JSON.stringify(out.trim())}, not a duration`);
  return Math.round(seconds * 1000);
}

/** Format facts of a WAV file (for checks and tests): rate, channels, bits. */
export async function audioFormat(file: string): Promise<{ rate: number; channels: number; bits: number }> {
  const [rate, channels, bits] = await Promise.all([
    run('soxi', ['-r', file]),
    run('soxi', ['-c', file]),
    run('soxi', ['-b', file]),
  ]);
  return { rate: Number(rate.trim()), channels: Number(channels.trim()), bits: Number(bits.trim()) };
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: TIMEOUT_MS, maxBuffer: 1024 * 1024 }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        return reject(
          new SoxMissingError(`${command} is not installed (Debian packages sox and libsox-fmt-mp3)`),
        );
      }
      const said = firstLine(stderr) || err.message;
      reject(new SoxError(`${command} failed: ${said}`));
    });
  });
}

function firstLine(text: string): string {
  return (text.trim().split('\n')[0] ?? '').trim();
}
