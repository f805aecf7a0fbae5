import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { didYouMean } from '../flow/issues.js';
import { listEspeakVoices } from './espeak-voices.js';
import { TELEPHONY_WAV } from './sox.js';
import {
  checkedText,
  knownVoice,
  type TextToSpeech,
  TtsEngineError,
  TtsInputError,
  ttsCacheKey,
} from './tts.js';

export interface EspeakOptions {
  /** Host directory of the cache: `<promptsDir>/tts`. */
  cacheDir: string;
  espeakCommand?: string;
  soxCommand?: string;
  timeoutMs?: number;
}

/**
 * Offline text-to-speech: espeak-ng's WAV piped through sox to 8 kHz mono, cached as
 * `<cacheDir>/<key>.wav`. A cached text is returned without starting any process, and concurrent
 * requests for the same text share one synthesis.
 */
export class EspeakTextToSpeech implements TextToSpeech {
  readonly engine = 'espeak-ng';
  /** How many syntheses ran (processes started), for tests and metrics. */
  synthesized = 0;
  private voiceList: Promise<Map<string, string>> | null = null;
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly espeak: string;
  private readonly sox: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: EspeakOptions) {
    this.espeak = options.espeakCommand ?? 'espeak-ng';
    this.sox = options.soxCommand ?? 'sox';
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async voices(): Promise<ReadonlySet<string>> {
    return new Set((await this.voiceMap()).keys());
  }

  async synthesize(text: string, voice: string): Promise<string> {
    const spoken = checkedText(text);
    const voiceCode = await this.voiceCode(voice);
    const key = ttsCacheKey(this.engine, voiceCode, spoken);
    const path = join(this.options.cacheDir, `${key}.wav`);
    const running = this.inFlight.get(key);
    if (running) return running;
    // Registered before the first await, so a second request for the same text finds it.
    const job = (async () => ((await exists(path)) ? path : this.render(spoken, voiceCode, path)))().finally(
      () => this.inFlight.delete(key),
    );
    this.inFlight.set(key, job);
    return job;
  }

  private voiceMap(): Promise<Map<string, string>> {
    this.voiceList ??= listEspeakVoices(this.espeak).catch((err: unknown) => {
      this.voiceList = null; // espeak-ng may be installed later: ask again next time
      throw err;
    });
    return this.voiceList;
  }

  private async voiceCode(voice: string): Promise<string> {
    const voices = await this.voiceMap();
    const name = typeof voice === 'string' ? knownVoice(voices, voice) : undefined;
    const code = name === undefined ? undefined : (voices.get(name) ?? name);
    if (code === undefined) {
      throw new TtsInputError(
        `voice ${JSON.stringify(voice)} is not an espeak-ng voice${didYouMean(String(voice).toLowerCase(), voices.keys())}; espeak-ng --voices lists them`,
      );
    }
    return code;
  }

  private async render(text: string, voice: string, path: string): Promise<string> {
    await mkdir(this.options.cacheDir, { recursive: true });
    const partial = `${path}.${randomBytes(4).toString('hex')}.part`;
    this.synthesized += 1;
    try {
      await this.pipe(text, voice, partial);
      await rename(partial, path);
      return path;
    } finally {
      await rm(partial, { force: true });
    }
  }

  /** espeak-ng -v voice --stdout (text on stdin, so no text is ever read as an option) | sox - <partial>. */
  private pipe(text: string, voice: string, output: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const espeak = spawn(this.espeak, ['-v', voice, '--stdout'], { stdio: ['pipe', 'pipe', 'pipe'] });
      const sox = spawn(this.sox, ['-V1', '-t', 'wav', '-', ...TELEPHONY_WAV, output], {
        stdio: ['pipe', 'ignore', 'pipe'],
      });
      const failures: string[] = [];
      const timer = setTimeout(() => {
        failures.push(`took longer than ${this.timeoutMs} ms`);
        espeak.kill('SIGKILL');
        sox.kill('SIGKILL');
      }, this.timeoutMs);
      espeak.stdout.pipe(sox.stdin);
      // A sox that died early closes its stdin; espeak's write error is reported through sox's exit.
      sox.stdin.on('error', () => {});
      espeak.stdin.on('error', () => {});
      espeak.stdin.end(text);
      Promise.all([exitOf(espeak, this.espeak), exitOf(sox, this.sox)])
        .then((results) => {
          clearTimeout(timer);
          failures.push(...results.filter((r): r is string => r !== null));
          if (failures.length > 0)
            reject(new TtsEngineError(`text-to-speech failed: ${failures.join('; ')}`));
          else resolve();
        })
        .catch(reject);
    });
  }
}

/** Resolves null on exit 0, else a sentence naming the command and what it printed. */
function exitOf(child: ChildProcess, command: string): Promise<string | null> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 2000) stderr += chunk.toString();
  });
  return new Promise((resolve) => {
    child.on('error', (err: NodeJS.ErrnoException) =>
      resolve(
        err.code === 'ENOENT'
          ? `${command} is not installed (Debian packages espeak-ng and sox)`
          : `${command}: ${err.message}`,
      ),
    );
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(null);
      const said = stderr.trim().split('\n')[0] ?? '';
      resolve(`${command} exited with ${signal ?? `code ${code}`}${said ? `: ${said}` : ''}`);
    });
  });
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
