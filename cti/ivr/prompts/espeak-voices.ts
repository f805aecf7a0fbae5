import { execFile } from 'node:child_process';
import { TtsEngineError } from './tts.js';

/**
 * espeak-ng's voices, from `espeak-ng --voices`: each accepted name (language code, voice name,
 * voice file, or an "other language" it covers, all lower-case) → the language code passed to -v.
 */
export async function listEspeakVoices(command: string): Promise<Map<string, string>> {
  const out = await new Promise<string>((resolve, reject) => {
    execFile(command, ['--voices'], { timeout: 10_000, maxBuffer: 1024 * 1024 }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const why =
        (err as NodeJS.ErrnoException).code === 'ENOENT'
          ? `${command} is not installed (Debian package espeak-ng)`
          : `${command} --voices failed: ${stderr.trim() || err.message}`;
      reject(new TtsEngineError(why));
    });
  });
  return parseEspeakVoices(out);
}

export function parseEspeakVoices(listing: string): Map<string, string> {
  const voices = new Map<string, string>();
  for (const line of listing.split('\n').slice(1)) {
    // Pty Language Age/Gender VoiceName File (other 5)(other 3)
    const match = /^\s*\d+\s+(\S+)\s+\S+\s+(\S+)\s+(\S+)\s*(.*)$/.exec(line);
    if (!match) continue;
    const [, language = '', name = '', file = '', others = ''] = match;
    const code = language.toLowerCase();
    for (const alias of [code, name.toLowerCase(), file.toLowerCase()]) voices.set(alias, code);
    for (const other of others.matchAll(/\(([^\s)]+) \d+\)/g)) {
      const alias = (other[1] ?? '').toLowerCase();
      // espeak-ng itself picks the best voice for a bare language such as "en".
      if (alias !== '' && !voices.has(alias)) voices.set(alias, alias);
    }
  }
  return voices;
}
