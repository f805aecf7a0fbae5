// ACD benchmark: app_queue against our ACD on one sandbox Asterisk (instance `bench`).
//
//   npx tsx bench/acd/run.ts [--quick]
//
// Starts the instance, measures the direct-Dial reference, app_queue and our ACD in turn, prints the
// side-by-side table, writes bench/acd/results/latest.{json,md}, and stops the instance again,
// also on failure or Ctrl-C. Needs root (the sandbox chroots). See bench/acd/README.md.
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AmiClient } from './ami.js';
import { AriClient } from './ari.js';
import { startBenchSandbox, stopBenchSandbox } from './bench-sandbox.js';
import { wallClockUs } from './clock.js';
import { FULL, QUICK } from './config.js';
import { OBSERVER_APP, Observer } from './measure.js';
import {
  type BenchContext,
  measureCpu,
  measureFreeToRing,
  measureIdleRing,
  measureMaxRate,
  OutOfTime,
} from './phases.js';
import { formatTerminalReport, writeResults } from './report.js';
import type { BenchResults, SystemResult } from './results.js';
import { AppQueueSystem } from './systems/app-queue.js';
import { DirectDialReference } from './systems/direct-dial.js';
import { SwitchboardAcdSystem } from './systems/switchboard-acd.js';
import type { BenchSandbox, Measurement, SystemUnderTest } from './systems/types.js';

const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'results');
const USAGE = 'usage: npx tsx bench/acd/run.ts [--quick]';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
const unknown = args.filter((arg) => arg !== '--quick');
if (unknown.length > 0) {
  console.error(`bench/acd/run.ts: unknown argument ${unknown.join(' ')}\n${USAGE}`);
  process.exit(2);
}
const profile = args.includes('--quick') ? QUICK : FULL;
const startedUs = wallClockUs();
const startedAt = new Date();

function log(line: string): void {
  const elapsed = ((wallClockUs() - startedUs) / 1e6).toFixed(1).padStart(6);
  process.stderr.write(`[${elapsed}s] ${line}\n`);
}

let sandboxUp = false;
let ami: AmiClient | undefined;
let observer: Observer | undefined;

async function cleanup(): Promise<void> {
  observer?.close();
  observer = undefined;
  ami?.close();
  ami = undefined;
  if (sandboxUp) {
    sandboxUp = false;
    log(
      await stopBenchSandbox().catch((error: Error) => `stopping the bench sandbox failed: ${error.message}`),
    );
  }
}

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping the bench sandbox`);
    void cleanup().finally(() => process.exit(code));
  });
}

const PHASES: Array<{
  measurement: Measurement;
  what: string;
  run: (ctx: BenchContext, system: SystemUnderTest, result: SystemResult) => Promise<void>;
}> = [
  {
    measurement: 'idleRing',
    what: 'arrival -> ring, idle agents',
    run: async (ctx, system, result) => {
      result.idleRing = await measureIdleRing(ctx, system, result.notes);
    },
  },
  {
    measurement: 'freeToRing',
    what: 'agent free -> next ring, callers waiting',
    run: async (ctx, system, result) => {
      result.freeToRing = await measureFreeToRing(ctx, system, result.notes);
    },
  },
  {
    // Before the rate steps, which may leave Asterisk overloaded.
    measurement: 'cpu',
    what: 'CPU per call',
    run: async (ctx, system, result) => {
      result.cpu = await measureCpu(ctx, system, result.notes);
    },
  },
  {
    measurement: 'maxRate',
    what: 'max sustained calls/s',
    run: async (ctx, system, result) => {
      result.maxRate = await measureMaxRate(ctx, system, result.notes);
    },
  },
];

async function hangUpEverything(ctx: BenchContext): Promise<void> {
  const channels = await ctx.sandbox.ari.listChannels().catch(() => []);
  for (const channel of channels) await ctx.sandbox.ari.hangup(channel.id).catch(() => {});
}

async function measureSystem(ctx: BenchContext, system: SystemUnderTest): Promise<SystemResult> {
  const result: SystemResult = {
    id: system.id,
    label: system.label,
    description: system.description,
    status: 'measured',
    measurements: [...system.measurements],
    notes: [],
  };
  const reason = await system.unavailableReason();
  if (reason !== undefined) {
    log(`${system.label}: ${reason}`);
    return { ...result, status: 'unavailable', reason };
  }
  const failures: string[] = [];
  try {
    log(`${system.label}: starting`);
    await system.start(ctx.sandbox);
    for (const phase of PHASES) {
      if (!system.measurements.includes(phase.measurement)) continue;
      log(`${system.label}: ${phase.what}`);
      try {
        await phase.run(ctx, system, result);
      } catch (error) {
        if (error instanceof OutOfTime) {
          result.notes.push(error.message);
          continue;
        }
        failures.push(`${phase.what}: ${(error as Error).message}`);
        log(`${system.label}: ${phase.what} failed: ${(error as Error).message}`);
        await hangUpEverything(ctx);
        if (ctx.observer.failure) break;
      }
    }
  } catch (error) {
    failures.push(`start: ${(error as Error).message}`);
  } finally {
    await system.stop().catch((error: Error) => result.notes.push(`stop: ${error.message}`));
  }
  if (failures.length > 0) return { ...result, status: 'failed', reason: failures.join('; ') };
  return result;
}

async function main(): Promise<void> {
  log(`${profile.name} run: starting the bench sandbox (instance bench)`);
  const started = await startBenchSandbox();
  sandboxUp = true;
  const env = started.env;
  const ari = new AriClient({
    url: env.SWITCHBOARD_ARI_URL ?? '',
    user: env.SWITCHBOARD_ARI_USER ?? '',
    password: env.SWITCHBOARD_ARI_PASSWORD ?? '',
  });
  const info = (await ari.request('GET', '/asterisk/info')) as { system?: { version?: string } };
  ami = await AmiClient.login({
    host: env.SWITCHBOARD_AMI_HOST || '127.0.0.1',
    port: Number(env.SWITCHBOARD_AMI_PORT),
    username: env.SWITCHBOARD_AMI_USER ?? '',
    secret: env.SWITCHBOARD_AMI_PASSWORD ?? '',
    events: 'agent',
  });
  observer = await Observer.connect(ari);
  const sandbox: BenchSandbox = {
    instance: 'bench',
    envFile: started.envFile,
    env,
    ari,
    ami,
    asteriskPid: started.pid,
  };
  const ctx: BenchContext = {
    sandbox,
    observer,
    profile,
    runTag: Date.now().toString(36),
    deadlineUs: startedUs + profile.budgetS * 1e6,
    log,
  };
  const reference = new DirectDialReference();
  const systems: SystemUnderTest[] = [new AppQueueSystem(), new SwitchboardAcdSystem(), reference];
  const measured: SystemResult[] = [];
  // The reference first: its CPU per call is what the others are compared with.
  for (const system of [reference, ...systems.filter((s) => s !== reference)]) {
    measured.push(await measureSystem(ctx, system));
  }
  const finishedUs = wallClockUs();
  const results: BenchResults = {
    profile: profile.name,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    durationS: (finishedUs - startedUs) / 1e6,
    host: {
      cpus: availableParallelism(),
      node: process.versions.node,
      asterisk: info.system?.version ?? 'unknown',
    },
    settings: profile,
    observer: { app: OBSERVER_APP, eventFilter: observer.filtered },
    referenceId: reference.id,
    // Table order: the systems compared, then the reference.
    systems: systems.map((s) => measured.find((r) => r.id === s.id)).filter((r) => r !== undefined),
  };
  await cleanup();
  const written = writeResults(results, RESULTS_DIR);
  console.log(formatTerminalReport(results));
  console.log(`\nwritten: ${written.json}, ${written.md}`);
  if (results.systems.some((s) => s.status === 'failed')) process.exitCode = 1;
}

main()
  .catch(async (error: Error) => {
    log(`failed: ${error.stack ?? error.message}`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanup();
  });
