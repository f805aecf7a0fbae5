// The plug-in point of bench/acd: every system the benchmark measures (app_queue, our ACD, and the
// direct-Dial reference) implements SystemUnderTest. The runner owns Asterisk, the callers, the agents'
// dialplan and every clock; a system only decides who answers the callers it is handed.
import type { AmiClient } from '../ami.js';
import type { AriClient } from '../ari.js';

/** One agent: a Local channel that answers at once in [switchboard-bench-agent] and talks a while. */
export interface BenchAgent {
  /** Lower-case letters and digits, e.g. "bench007". */
  readonly id: string;
  /** What rings the agent: `Local/<id>@switchboard-bench-agent/n`. */
  readonly endpoint: string;
  /** The device state its leg keeps in step: `Custom:<id>`, INUSE while talking, NOT_INUSE after. */
  readonly stateInterface: string;
}

/** The `bench` Asterisk instance, started by the runner before any system and stopped after all. */
export interface BenchSandbox {
  readonly instance: string;
  /** The instance's asterisk.env (SWITCHBOARD_ARI_URL, _USER, _PASSWORD, AMI_*, ...): what a daemon sources. */
  readonly envFile: string;
  readonly env: Readonly<Record<string, string>>;
  readonly ari: AriClient;
  /** Logged in with the instance's AMI user; shared, do not close. */
  readonly ami: AmiClient;
  readonly asteriskPid: number;
}

/** Where a bench caller goes. Its ;2 half must run the dialplan that emits BenchCallArrived. */
export interface CallerRoute {
  /** e.g. `Local/s@switchboard-bench-queue/n`. */
  readonly endpoint: string;
  /** Extra channel variables for the caller; BENCH_CALLER and BENCH_PATIENCE are always set. */
  readonly variables?: Readonly<Record<string, string>>;
}

export type Measurement = 'freeToRing' | 'idleRing' | 'maxRate' | 'cpu';

/**
 * A call distributor under test. The runner calls, in this order: unavailableReason(); if that is
 * undefined, start(); then per measurement setAgents() (always with no call in progress) followed by
 * calls through callerRoute(); finally stop(), also after a failure.
 *
 * What the runner relies on while calls flow:
 * - every caller handed over is connected to one of the agents last given to setAgents(), by
 *   calling that agent's `endpoint`, and stays connected until the agent hangs up;
 * - the agent's leg carries the caller's number as its caller id (ARI originate `callerId`, as a
 *   screen pop would), which is how a ring is matched to its call;
 * - an agent whose leg has hung up (BenchAgentFree, then Custom:<id> NOT_INUSE) is free again.
 */
export interface SystemUnderTest {
  /** Stable key in results/latest.json, e.g. "app_queue". */
  readonly id: string;
  /** Column header in the report. */
  readonly label: string;
  /** One line on how it is set up (strategy, options), printed under the table. */
  readonly description: string;
  /** What the runner measures on it; a reference need not run every measurement. */
  readonly measurements: readonly Measurement[];
  /** A sentence saying why it cannot be measured (printed instead of figures), or undefined. */
  unavailableReason(): Promise<string | undefined>;
  start(sandbox: BenchSandbox): Promise<void>;
  /** Exactly these agents logged in and idle, no others. */
  setAgents(agents: readonly BenchAgent[]): Promise<void>;
  /** Where the caller with this number dials in. */
  callerRoute(callerNumber: string): CallerRoute;
  /** Processes whose CPU is the system's own besides Asterisk (a daemon); [] when it lives in Asterisk. */
  ownPids(): readonly number[];
  stop(): Promise<void>;
}

export const AGENT_CONTEXT = 'switchboard-bench-agent';

export function benchAgent(id: string): BenchAgent {
  if (!/^[a-z0-9]{2,}$/.test(id)) {
    throw new Error(`bench agent id ${JSON.stringify(id)}: use at least two lower-case letters or digits`);
  }
  return { id, endpoint: `Local/${id}@${AGENT_CONTEXT}/n`, stateInterface: `Custom:${id}` };
}
