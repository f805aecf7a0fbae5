// Our ACD (cti/acd) as a system under test. Until the lead wires it in, unavailableReason() says so
// and the runner prints "not yet available" in its column: no figures are invented for it.
//
// To fill in (see SystemUnderTest in ./types.ts for the contract):
// - start(): run the daemon (dist/cti/main.js, see test/helpers/daemon.ts spawnDaemon) with the
//   settings in `sandbox.envFile` plus its own HTTP port and a scratch database; create one ACD queue
//   with strategy longest-idle (app_queue runs leastrecent) and route the bench DID below to it, with
//   no greeting or music in front of the queue (app_queue runs with neither).
// - setAgents(): make exactly these agents logged in and available; the ACD reaches an agent by
//   originating `agent.endpoint` (Local/<id>@switchboard-bench-agent/n) with `callerId` = the caller's
//   number, so the agent leg's BenchAgentRing names the call.
// - callerRoute(): `Local/<BENCH_DID>@switchboard-bench-acd/n` (that context emits BenchCallArrived
//   and continues into switchboard-inbound exactly like a trunk call).
// - ownPids(): [daemon pid], so its CPU is counted.
// - stop(): stop the daemon (SIGTERM, wait for exit), remove the scratch database.
import type { BenchAgent, BenchSandbox, CallerRoute, Measurement, SystemUnderTest } from './types.js';

export const BENCH_DID = '4900000000';

export class SwitchboardAcdSystem implements SystemUnderTest {
  readonly id = 'switchboard-acd';
  readonly label = 'switchboard ACD';
  readonly description = 'cti/acd over ARI, strategy longest-idle, agents originated as Local channels';
  readonly measurements: readonly Measurement[] = ['freeToRing', 'idleRing', 'maxRate', 'cpu'];

  async unavailableReason(): Promise<string | undefined> {
    return 'not yet available: the ACD has no adapter in bench/acd/systems/switchboard-acd.ts yet';
  }

  async start(_sandbox: BenchSandbox): Promise<void> {
    throw new Error('switchboard ACD: not yet available');
  }

  async setAgents(_agents: readonly BenchAgent[]): Promise<void> {
    throw new Error('switchboard ACD: not yet available');
  }

  callerRoute(_callerNumber: string): CallerRoute {
    return { endpoint: `Local/${BENCH_DID}@switchboard-bench-acd/n` };
  }

  ownPids(): readonly number[] {
    return [];
  }

  async stop(): Promise<void> {}
}
