// The benchmark's own Asterisk: instance `bench` of scripts/asterisk-sandbox.sh, on ports no other
// instance (demo, test) uses. The runner starts it, and stops it again however the run ends.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SANDBOX_SCRIPT = join(REPO_ROOT, 'scripts', 'asterisk-sandbox.sh');

export const BENCH_INSTANCE = {
  SANDBOX_INSTANCE: 'bench',
  SANDBOX_HTTP_PORT: '28088',
  SANDBOX_AMI_PORT: '25038',
  SANDBOX_SIP_PORT: '25060',
  SANDBOX_RTP_START: '12000',
  SANDBOX_RTP_END: '12999',
} as const;

export const BENCH_STATE_DIR = '/var/lib/switchboard/sandbox-bench';

function sandboxScript(command: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [SANDBOX_SCRIPT, command],
      {
        env: { ...process.env, ...BENCH_INSTANCE, SANDBOX_STATE_DIR: BENCH_STATE_DIR },
        timeout: timeoutMs,
        killSignal: 'SIGTERM',
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) {
          const output = `${stdout}${stderr}`.trim().split('\n').slice(-15).join('\n');
          reject(
            new Error(
              `scripts/asterisk-sandbox.sh ${command} (instance bench) failed: ${error.message}\n${output}`,
            ),
          );
        } else {
          resolve(stdout);
        }
      },
    );
  });
}

export interface StartedSandbox {
  envFile: string;
  env: Record<string, string>;
  pid: number;
}

/** KEY=value lines of the instance's asterisk.env. */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match?.[1] !== undefined) env[match[1]] = match[2] ?? '';
  }
  return env;
}

/**
 * Starts the instance with the current dialplan/. An instance left running by an interrupted run is
 * stopped first: its rendered config may be older than the templates.
 */
export async function startBenchSandbox(): Promise<StartedSandbox> {
  await sandboxScript('stop', 60_000);
  const stdout = await sandboxScript('start', 180_000);
  const envFile = stdout.trim().split('\n').at(-1) ?? '';
  if (!envFile.endsWith('asterisk.env'))
    throw new Error(`sandbox start printed no env file: ${stdout.slice(-300)}`);
  const env = parseEnvFile(readFileSync(envFile, 'utf8'));
  const pid = Number(readFileSync(join(BENCH_STATE_DIR, 'asterisk.pid'), 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`${BENCH_STATE_DIR}/asterisk.pid holds no pid`);
  for (const key of [
    'SWITCHBOARD_ARI_URL',
    'SWITCHBOARD_ARI_USER',
    'SWITCHBOARD_ARI_PASSWORD',
    'SWITCHBOARD_AMI_PORT',
  ]) {
    if (!env[key]) throw new Error(`${envFile}: ${key} is missing`);
  }
  return { envFile, env, pid };
}

export async function stopBenchSandbox(): Promise<string> {
  return (await sandboxScript('stop', 60_000)).trim();
}
