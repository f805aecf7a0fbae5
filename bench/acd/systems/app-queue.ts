// app_queue, the peer we measure against: queue [switchboard-bench] in dialplan/queues.conf, callers
// enter it from [switchboard-bench-queue], agents are dynamic members added over AMI.
import type { BenchAgent, BenchSandbox, CallerRoute, Measurement, SystemUnderTest } from './types.js';

export const BENCH_QUEUE = 'switchboard-bench';

export class AppQueueSystem implements SystemUnderTest {
  readonly id = 'app_queue';
  readonly label = 'app_queue';
  readonly description =
    `Queue(${BENCH_QUEUE},rc): strategy leastrecent, autofill=yes, ringinuse=no, retry 5 s (default), ` +
    'wrapuptime=0; members added with AMI QueueAdd, StateInterface=Custom:<agent>';
  readonly measurements: readonly Measurement[] = ['freeToRing', 'idleRing', 'maxRate', 'cpu'];
  private sandbox: BenchSandbox | undefined;
  private members: BenchAgent[] = [];

  async unavailableReason(): Promise<string | undefined> {
    return undefined;
  }

  async start(sandbox: BenchSandbox): Promise<void> {
    this.sandbox = sandbox;
    // Members left by an earlier, interrupted run would take calls: start from an empty queue.
    await this.removeAllMembers();
  }

  async setAgents(agents: readonly BenchAgent[]): Promise<void> {
    const ami = this.requireSandbox().ami;
    await this.removeAllMembers();
    for (const agent of agents) {
      // A Custom state nobody set yet is UNKNOWN; say idle explicitly.
      await ami.expectSuccess({
        Action: 'Setvar',
        Variable: `DEVICE_STATE(${agent.stateInterface})`,
        Value: 'NOT_INUSE',
      });
      await ami.expectSuccess({
        Action: 'QueueAdd',
        Queue: BENCH_QUEUE,
        Interface: agent.endpoint,
        MemberName: agent.id,
        StateInterface: agent.stateInterface,
        Penalty: '0',
        Paused: 'false',
      });
      this.members.push(agent);
    }
  }

  callerRoute(): CallerRoute {
    return { endpoint: 'Local/s@switchboard-bench-queue/n' };
  }

  ownPids(): readonly number[] {
    return [];
  }

  async stop(): Promise<void> {
    if (this.sandbox) await this.removeAllMembers();
  }

  private async removeAllMembers(): Promise<void> {
    const ami = this.requireSandbox().ami;
    const known = new Set(this.members.map((agent) => agent.endpoint));
    const listed = await this.listedMembers();
    for (const endpoint of listed) known.add(endpoint);
    for (const endpoint of known) {
      const answer = await ami.action({ Action: 'QueueRemove', Queue: BENCH_QUEUE, Interface: endpoint });
      if (answer.Response !== 'Success' && !/not there|Unable to remove/i.test(answer.Message ?? '')) {
        throw new Error(`AMI QueueRemove ${endpoint}: ${answer.Message ?? answer.Response ?? ''}`);
      }
    }
    this.members = [];
  }

  /** Member interfaces the bench queue holds now (AMI QueueStatus: QueueMember events, then Complete). */
  private async listedMembers(): Promise<string[]> {
    const ami = this.requireSandbox().ami;
    const members: string[] = [];
    let finish = () => {};
    const complete = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const stop = ami.onEvent((event) => {
      if (event.Event === 'QueueMember' && event.Queue === BENCH_QUEUE) {
        const location = event.Location ?? event.Interface;
        if (location) members.push(location);
      } else if (event.Event === 'QueueStatusComplete') {
        finish();
      }
    });
    try {
      await ami.expectSuccess({ Action: 'QueueStatus', Queue: BENCH_QUEUE });
      await Promise.race([complete, new Promise((resolve) => setTimeout(resolve, 5000))]);
    } finally {
      stop();
    }
    return members;
  }

  private requireSandbox(): BenchSandbox {
    if (!this.sandbox) throw new Error('app_queue system used before start()');
    return this.sandbox;
  }
}
