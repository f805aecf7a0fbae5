import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const DAEMON_ENTRY = join(REPO_ROOT, 'dist/cti/main.js');
export const TEST_ADMIN = { username: 'test-admin', password: 'test-admin-password-1' };

/** A free TCP port on loopback, chosen by the kernel. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port assigned');
  return address.port;
}

export interface DaemonProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or signal name) once the process is gone. */
  exited: Promise<number | string>;
  kill(signal?: NodeJS.Signals): Promise<number | string>;
  waitReady(timeoutMs?: number): Promise<void>;
  adminToken(): Promise<string>;
  get<T>(path: string, token?: string): Promise<{ status: number; body: T }>;
}

/**
 * Starts the built daemon (dist/cti/main.js) as its own process, the way operators run it, with the
 * sandbox's ARI/AMI settings from the environment plus `env`. Integration tests kill it for real.
 */
export function spawnDaemon(options: {
  dbPath: string;
  port: number;
  env?: Record<string, string>;
}): DaemonProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SWITCHBOARD_HTTP_PORT: String(options.port),
    SWITCHBOARD_DB_PATH: options.dbPath,
    SWITCHBOARD_ADMIN_USER: TEST_ADMIN.username,
    SWITCHBOARD_ADMIN_PASSWORD: TEST_ADMIN.password,
    SWITCHBOARD_LOG_LEVEL: 'info',
    SWITCHBOARD_SHUTDOWN_DRAIN_SECONDS: '2',
    // Every test daemon starts a fresh database, so recording ids repeat between them: each gets
    // its own BullMQ prefix on the shared test Redis, and no speech recogniser runs unless a
    // transcription test asks for one.
    SWITCHBOARD_TRANSCRIPTION_QUEUE_PREFIX: `sbtest-${process.pid}-${options.port}`,
    SWITCHBOARD_TRANSCRIPTION_WORKER: 'off',
    ...options.env,
  };
  const child = spawn(process.execPath, [DAEMON_ENTRY], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<number | string>((resolveExit) => {
    child.once('exit', (code, signal) => resolveExit(code ?? signal ?? 'unknown'));
  });
  const url = `http://127.0.0.1:${options.port}`;
  let token: string | null = null;
  const daemon: DaemonProcess = {
    url,
    child,
    output: () => output,
    exited,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    async waitReady(timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let last = '';
      while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`daemon exited with ${child.exitCode}:\n${output}`);
        try {
          const res = await fetch(`${url}/readyz`);
          last = await res.text();
          if (res.status === 200) return;
        } catch (err) {
          last = String(err);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`daemon not ready within ${timeoutMs} ms; last /readyz: ${last}\n${output}`);
    },
    async adminToken() {
      if (token) return token;
      const res = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(TEST_ADMIN),
      });
      if (res.status !== 200) throw new Error(`admin login failed: ${res.status} ${await res.text()}`);
      token = ((await res.json()) as { token: string }).token;
      return token;
    },
    async get<T>(path: string, withToken?: string) {
      const res = await fetch(`${url}${path}`, {
        headers: withToken ? { authorization: `Bearer ${withToken}` } : {},
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
    },
  };
  return daemon;
}

/** Polls until `check` returns a value other than undefined, or fails naming what it waited for. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`,
  );
}
