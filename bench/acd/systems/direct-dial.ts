// The reference without any distributor: each caller Dial()s an agent the bench picks in turn. Its
// arrival -> ring time is the floor any ACD adds to, and its Asterisk CPU per call is what the calls
// themselves cost, which the report subtracts to get a distributor's extra CPU.
import type { BenchAgent, CallerRoute, Measurement, SystemUnderTest } from './types.js';

export class DirectDialReference implements SystemUnderTest {
  readonly id = 'direct';
  readonly label = 'direct Dial (no ACD)';
  readonly description =
    'reference: Dial(Local/<agent>@switchboard-bench-agent/n) straight from the caller, agents taken in turn';
  readonly measurements: readonly Measurement[] = ['idleRing', 'cpu'];
  private agents: readonly BenchAgent[] = [];
  private next = 0;

  async unavailableReason(): Promise<string | undefined> {
    return undefined;
  }

  async start(): Promise<void> {}

  async setAgents(agents: readonly BenchAgent[]): Promise<void> {
    this.agents = [...agents];
    this.next = 0;
  }

  callerRoute(): CallerRoute {
    const agent = this.agents[this.next % Math.max(1, this.agents.length)];
    if (!agent) throw new Error('direct Dial reference: no agents set');
    this.next += 1;
    return { endpoint: 'Local/s@switchboard-bench-direct/n', variables: { BENCH_AGENT: agent.id } };
  }

  ownPids(): readonly number[] {
    return [];
  }

  async stop(): Promise<void> {}
}
