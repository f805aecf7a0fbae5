// Our ACD (cti/acd) as a system under test: the built daemon (dist/cti/main.js) runs as its own
// process against the bench Asterisk, the way operators run it, with its own HTTP port and a scratch
// database. Everything is set up through the daemon's admin API, as an administrator would:
// - one ACD queue, strategy longest-idle (app_queue runs leastrecent), wrap-up 0, ring timeout 15 s
//   (app_queue's `timeout`);
// - an IVR flow whose only node is a queue node without prompts, published, and the bench DID routed
//   to it: the caller goes from Stasis() straight into the queue, no greeting in front. While waiting
//   the caller sits in the queue's holding bridge, which always plays the default music class (the
//   ACD starts it; app_queue runs with ring tone);
// - agents with `device` = the bench agent's endpoint, member of that queue, state available. The ACD
//   rings an agent by originating that device with callerId = the caller's number
//   (cti/acd/call/agent-legs.ts), so the agent leg's BenchAgentRing names the call; when the leg
//   answers, the daemon bridges it with the caller (and records that bridge, as it does every ACD
//   call), and hangs the caller up when the agent leaves.
// The daemon logs at 'warn' so its own logging does not dominate the CPU figure (for a diagnosis only,
// BENCH_SWITCHBOARD_LOG_LEVEL=info or debug overrides it); its output goes to DAEMON_LOG, kept after
// the run, for the reasons behind failed calls.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep } from '../clock.js';
import type { BenchAgent, BenchSandbox, CallerRoute, Measurement, SystemUnderTest } from './types.js';

export const BENCH_DID = '4900000000';
/** The ACD queue the bench DID leads to. */
export const BENCH_ACD_QUEUE = 'bench';
const FLOW_NAME = 'bench-acd';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const DAEMON_ENTRY = join(REPO_ROOT, 'dist', 'cti', 'main.js');
/** The daemon's stdout and stderr of the last run; outlives stop() so failures can be read up. */
export const DAEMON_LOG = join(tmpdir(), 'switchboard-bench-acd-daemon.log');
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 20_000;
/** Admin requests in flight at once while setting up hundreds of agents. */
const API_CONCURRENCY = 8;

type AgentState = 'available' | 'logged-out';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port assigned');
  return address.port;
}

/** Runs `work` on every item, at most `limit` at a time; rejects with the first failure. */
async function inPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export class SwitchboardAcdSystem implements SystemUnderTest {
  readonly id = 'switchboard-acd';
  readonly label = 'switchboard ACD';
  readonly description =
    `cti/acd daemon (dist/cti/main.js, log level warn) over ARI: queue "${BENCH_ACD_QUEUE}" strategy ` +
    `longest-idle, wrap-up 0, ring timeout 15 s; DID ${BENCH_DID} -> IVR flow with one queue node, no ` +
    'prompts; agents originated as Local channels with callerId = caller number';
  readonly measurements: readonly Measurement[] = ['freeToRing', 'idleRing', 'maxRate', 'cpu'];

  private child: ChildProcess | undefined;
  private exited: Promise<void> | undefined;
  private logStream: WriteStream | undefined;
  private outputTail = '';
  private scratchDir: string | undefined;
  private url = '';
  private token = '';
  private readonly admin = {
    username: 'bench-admin',
    password: `bench-${randomBytes(12).toString('hex')}`,
  };
  /** Agents the daemon knows, with the device and state the bench last gave them. */
  private readonly known = new Map<string, { device: string; state: AgentState }>();
  private readonly killOnExit = () => {
    // The runner exiting without stop() (a signal): the daemon must not outlive it.
    if (this.child && this.child.exitCode === null && this.child.signalCode === null)
      this.child.kill('SIGTERM');
  };

  async unavailableReason(): Promise<string | undefined> {
    if (existsSync(DAEMON_ENTRY)) return undefined;
    return `the daemon is not built (${DAEMON_ENTRY} is missing): run npx tsc -p tsconfig.build.json first`;
  }

  async start(sandbox: BenchSandbox): Promise<void> {
    this.scratchDir = mkdtempSync(join(tmpdir(), 'switchboard-bench-acd-'));
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    // Only the sandbox's settings and ours: no SWITCHBOARD_* of the shell (another instance, a config
    // file) may leak in. Redis is only probed for readiness; the shell's URL wins if it has one.
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env))
      if (!key.startsWith('SWITCHBOARD_')) env[key] = value;
    Object.assign(env, sandbox.env, {
      SWITCHBOARD_REDIS_URL: process.env.SWITCHBOARD_REDIS_URL || DEFAULT_REDIS_URL,
      SWITCHBOARD_HTTP_HOST: '127.0.0.1',
      SWITCHBOARD_HTTP_PORT: String(port),
      SWITCHBOARD_DB_PATH: join(this.scratchDir, 'acd.db'),
      SWITCHBOARD_ADMIN_USER: this.admin.username,
      SWITCHBOARD_ADMIN_PASSWORD: this.admin.password,
      SWITCHBOARD_LOG_LEVEL: process.env.BENCH_SWITCHBOARD_LOG_LEVEL || 'warn',
      SWITCHBOARD_SHUTDOWN_DRAIN_SECONDS: '2',
    });
    this.logStream = createWriteStream(DAEMON_LOG, { flags: 'w' });
    const child = spawn(process.execPath, [DAEMON_ENTRY], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const collect = (data: Buffer) => {
      this.logStream?.write(data);
      this.outputTail = (this.outputTail + data.toString()).slice(-4000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    process.once('exit', this.killOnExit);
    await this.waitReady();
    await this.login();
    await this.api('PUT', `/api/acd/queues/${BENCH_ACD_QUEUE}`, {
      name: 'Benchmark',
      requiredSkills: [],
      priority: 0,
      strategy: 'longest-idle',
      serviceLevelSeconds: 20,
      wrapUpSeconds: 0,
      ringTimeoutSeconds: 15,
    });
    const flow = (await this.api('POST', '/api/flows', {
      name: FLOW_NAME,
      source: [
        `name: ${FLOW_NAME}`,
        `start: ${BENCH_ACD_QUEUE}`,
        'nodes:',
        `  ${BENCH_ACD_QUEUE}:`,
        '    type: queue',
        `    queue: ${BENCH_ACD_QUEUE}`,
        '',
      ].join('\n'),
    })) as { id: number };
    await this.api('POST', `/api/flows/${flow.id}/publish`, { note: 'bench/acd' });
    await this.api('PUT', `/api/dids/${BENCH_DID}`, { flowId: flow.id });
  }

  async setAgents(agents: readonly BenchAgent[]): Promise<void> {
    const wanted = new Set(agents.map((agent) => agent.id));
    const leaving = [...this.known.keys()].filter((id) => !wanted.has(id));
    await inPool(leaving, API_CONCURRENCY, (id) => this.setState(id, 'logged-out'));
    await inPool(agents, API_CONCURRENCY, async (agent) => {
      if (this.known.get(agent.id)?.device !== agent.endpoint) {
        await this.api('PUT', `/api/agents/${agent.id}`, {
          name: agent.id,
          skills: {},
          queues: [BENCH_ACD_QUEUE],
          device: agent.endpoint,
        });
        this.known.set(agent.id, { device: agent.endpoint, state: 'logged-out' });
      }
      // Always asked: after calls the bench cannot tell (wrap-up 0 takes it back to available itself).
      await this.setState(agent.id, 'available');
    });
    await this.expectStaffing(agents.length);
  }

  callerRoute(_callerNumber: string): CallerRoute {
    return { endpoint: `Local/${BENCH_DID}@switchboard-bench-acd/n` };
  }

  ownPids(): readonly number[] {
    const pid = this.child?.pid;
    return pid !== undefined && this.child?.exitCode === null ? [pid] : [];
  }

  async stop(): Promise<void> {
    const child = this.child;
    try {
      if (child && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const stopped = await Promise.race([this.exited?.then(() => true), sleep(STOP_TIMEOUT_MS)]);
        if (!stopped) {
          child.kill('SIGKILL');
          await this.exited;
          throw new Error(`the daemon did not stop within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM (killed)`);
        }
      }
    } finally {
      process.removeListener('exit', this.killOnExit);
      this.child = undefined;
      this.known.clear();
      this.token = '';
      this.logStream?.end();
      this.logStream = undefined;
      if (this.scratchDir) rmSync(this.scratchDir, { recursive: true, force: true });
      this.scratchDir = undefined;
    }
  }

  private daemonGone(): string | undefined {
    const child = this.child;
    if (!child || (child.exitCode === null && child.signalCode === null)) return undefined;
    return `the daemon exited (${child.exitCode ?? child.signalCode}); log ${DAEMON_LOG}:\n${this.outputTail}`;
  }

  private async waitReady(): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let last = '';
    while (Date.now() < deadline) {
      const gone = this.daemonGone();
      if (gone) throw new Error(gone);
      try {
        const res = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(2000) });
        last = `${res.status} ${await res.text()}`;
        if (res.status === 200) return;
      } catch (error) {
        last = (error as Error).message;
      }
      await sleep(200);
    }
    throw new Error(
      `the daemon was not ready within ${READY_TIMEOUT_MS / 1000} s (last /readyz: ${last.slice(0, 300)}); ` +
        `log ${DAEMON_LOG}:\n${this.outputTail}`,
    );
  }

  private async login(): Promise<void> {
    const res = await fetch(`${this.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(this.admin),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`admin login answered ${res.status}: ${text.slice(0, 300)}`);
    this.token = (JSON.parse(text) as { token: string }).token;
  }

  /** One admin request; the parsed answer, or an error naming the request and the daemon's answer. */
  private async api(method: string, path: string, body?: unknown, accept = [200, 201]): Promise<unknown> {
    const gone = this.daemonGone();
    if (gone) throw new Error(gone);
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    if (!accept.includes(res.status)) {
      throw new Error(`switchboard ${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
    }
    return text ? JSON.parse(text) : undefined;
  }

  /** available or logged-out; "already" in that state is fine, any other refusal is not. */
  private async setState(id: string, state: AgentState): Promise<void> {
    const res = await this.api('POST', `/api/agents/${id}/state`, { state }, [200, 409]);
    const refusal = res as { message?: string; error?: string; state?: string } | undefined;
    if (refusal?.state !== state && !`${refusal?.message ?? ''}`.includes(`already ${state}`)) {
      throw new Error(`switchboard: agent ${id} could not be set ${state}: ${JSON.stringify(res)}`);
    }
    const agent = this.known.get(id);
    if (agent) agent.state = state;
  }

  /** The queue's own count: exactly `count` members logged in, all of them available. */
  private async expectStaffing(count: number): Promise<void> {
    const deadline = Date.now() + 5000;
    let seen = '';
    while (Date.now() < deadline) {
      const stats = (await this.api('GET', '/api/acd/queues')) as {
        items: Array<{ queueId: string; staffed: number; agents: Record<string, number> }>;
      };
      const queue = stats.items.find((q) => q.queueId === BENCH_ACD_QUEUE);
      if (queue && queue.staffed === count && (queue.agents.available ?? 0) === count) return;
      seen = JSON.stringify(queue ? { staffed: queue.staffed, agents: queue.agents } : stats.items);
      await sleep(100);
    }
    throw new Error(
      `switchboard: queue ${BENCH_ACD_QUEUE} should have ${count} agents available, has ${seen}`,
    );
  }
}
