import { join } from 'node:path';
import { AGENT_PASSWORD, agentLogin, login, queueConfig } from './acd-api.js';
import { callsFrom } from './calls-api.js';
import { type DaemonProcess, eventually, freePort, spawnDaemon } from './daemon.js';
import { adminApi, publishFlow, queueOnlyFlow } from './ivr-api.js';
import { listBridges, listChannels } from './sandbox.js';
import { TestPhones } from './test-phones.js';

/** A monitor as the API shows it. */
export interface MonitorJson {
  monitorId: string;
  callId: number;
  queueId: string;
  agentId: string;
  mode: string;
  spy: string;
  whisper: string;
  state: string;
  device: string;
  snoopChannelId: string;
  supervisorChannelId: string;
  bridgeId: string;
  endReason: string | null;
}

/** A caller of queue sales connected to agent amy; `legs` are every channel of the call. */
export interface LiveCall {
  callId: number;
  /** The caller's phone (far end) and the daemon's inbound channel. */
  caller: string;
  inbound: string;
  /** Amy's phone (far end). */
  agentEnd: string;
  legs: string[];
}

export const SUPERVISOR_PHONE = 'Local/sup@switchboard-test-phone';
export type Who = 'sales' | 'billing' | 'amy';

/**
 * The live supervision fixture: a daemon with queues sales and billing on DID 670, agent amy
 * (user "amy") on sales rung at a test phone, supervisors sup-sales and sup-billing, and the
 * test's phones. Checks look only at this file's channels and bridges: other test files share
 * the sandbox and run at the same time.
 */
export class SupervisionLive {
  daemon!: DaemonProcess;
  phones!: TestPhones;
  readonly tokens: Record<Who, string> = { sales: '', billing: '', amy: '' };
  private port = 0;

  constructor(private readonly dir: string) {}

  get dbPath(): string {
    return join(this.dir, 'supervision.db');
  }

  async startDaemon(): Promise<void> {
    this.port ||= await freePort();
    this.daemon = spawnDaemon({
      dbPath: this.dbPath,
      port: this.port,
      env: { SWITCHBOARD_SUPERVISION_LOCAL_CONTEXTS: 'switchboard-test-phone,switchboard-test-other' },
    });
    // Generous: a loaded test machine starts node slowly, and the file starts the daemon twice.
    await this.daemon.waitReady(40_000);
  }

  async setUp(): Promise<void> {
    await this.startDaemon();
    const daemon = this.daemon;
    await adminApi(daemon, 'PUT', '/api/acd/queues/sales', queueConfig('Sales'));
    await adminApi(daemon, 'PUT', '/api/acd/queues/billing', queueConfig('Billing'));
    await publishFlow(daemon, 'to-sales', queueOnlyFlow('sales'), '670');
    this.tokens.amy = await agentLogin(daemon, 'amy', {
      name: 'Amy',
      queues: ['sales'],
      device: 'Local/amy@switchboard-test-phone/n',
    });
    await adminApi(daemon, 'POST', '/api/agents/amy/state', { state: 'available' });
    for (const queue of ['sales', 'billing'] as const) {
      const username = `sup-${queue}`;
      const user = await adminApi<{ id: number }>(daemon, 'POST', '/api/users', {
        username,
        role: 'supervisor',
        password: AGENT_PASSWORD,
      });
      await adminApi(daemon, 'PUT', `/api/users/${user.id}/queues`, { queues: [queue] });
      this.tokens[queue] = await login(daemon, username);
    }
    this.phones = await TestPhones.connect();
  }

  async relogin(): Promise<void> {
    this.tokens.sales = await login(this.daemon, 'sup-sales');
  }

  async close(): Promise<void> {
    await this.phones?.close();
    await this.daemon?.kill('SIGTERM');
  }

  async api<T>(who: Who, method: string, path: string, body?: unknown) {
    const res = await fetch(`${this.daemon.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.tokens[who]}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T & { message?: string } };
  }

  /** Places a call from `callerNumber` to queue sales and waits until amy is bridged with it. */
  async connectedCall(callerNumber: string, name: string): Promise<LiveCall> {
    const { caller, inbound } = await this.phones.call('670', callerNumber, name);
    const agentEnd = await this.phones.phone('amy');
    const row = await eventually('the call row', async () => (await callsFrom(this.daemon, callerNumber))[0]);
    const bridged = await eventually('caller and amy bridged', async () => {
      const bridge = (await listBridges()).find((b) => b.id === `switchboard-call-${inbound}`);
      return bridge?.channels.length === 2 ? bridge.channels : undefined;
    });
    return { callId: row.id, caller, inbound, agentEnd, legs: [caller, agentEnd, ...bridged] };
  }

  async monitorChannels() {
    return (await listChannels()).filter((c) => c.id.startsWith('monitor-'));
  }

  async monitorBridges() {
    return (await listBridges()).filter((b) => b.id.startsWith('switchboard-monitor-'));
  }

  async monitorsNow(): Promise<MonitorJson[]> {
    return (await this.api<{ items: MonitorJson[] }>('sales', 'GET', '/api/monitors')).body.items;
  }

  /** Nothing of any monitor in Asterisk: no snoop, no supervisor phone (either half), no bridge. */
  noMonitorLeft(): Promise<true> {
    let left: string[] = [];
    return eventually('no monitor channel or bridge left', async () => {
      const channels = (await this.monitorChannels()).map((c) => c.id);
      left = [...channels, ...(await this.monitorBridges()).map((b) => b.id)];
      return left.length === 0 ? true : undefined;
    }).catch((err: Error) => {
      throw new Error(`${err.message}; still there: ${left.join(', ')}`);
    });
  }

  /** Nothing of the call or of any monitor left: no channel, and no bridge holding one of them. */
  async nothingLeftOf(call: LiveCall): Promise<void> {
    await this.noMonitorLeft();
    let left: string[] = [];
    await eventually('no channel of the call left', async () => {
      const legs = new Set(call.legs);
      const bridges = (await listBridges()).filter((b) => b.channels.some((id) => legs.has(id)));
      const channels = (await listChannels()).filter((c) => legs.has(c.id));
      left = [...channels.map((c) => c.id), ...bridges.map((b) => `bridge ${b.id}`)];
      return left.length === 0 ? true : undefined;
    }).catch((err: Error) => {
      throw new Error(`${err.message}; still there: ${left.join(', ')}`);
    });
  }

  /** Starts a monitor as the sales supervisor and waits until their phone is answered and bridged. */
  async monitorConnected(callId: number, mode: string) {
    const res = await this.api<MonitorJson>('sales', 'POST', `/api/calls/${callId}/monitor`, {
      mode,
      device: SUPERVISOR_PHONE,
    });
    if (res.status !== 201) throw new Error(`monitor start answered ${res.status}: ${res.body.message}`);
    await eventually('the supervisor connected', async () =>
      (await this.monitorsNow()).find((m) => m.monitorId === res.body.monitorId && m.state === 'connected'),
    );
    const sup = await this.phones.phone('sup');
    return { monitor: res.body, sup };
  }

  async audit(action: string) {
    type Row = { actorName: string; outcome: string; details: Record<string, unknown> };
    const path = `/api/audit?action=${action}&limit=50`;
    return (await adminApi<{ items: Row[] }>(this.daemon, 'GET', path)).items;
  }

  /** The audited end of a monitor (recorded by the daemon as it ends it, so maybe a moment later). */
  auditedEnd(monitorId: string) {
    return eventually(
      `the end of monitor ${monitorId} in the audit log`,
      async () => (await this.audit('monitor.end')).find((e) => e.details.monitorId === monitorId)?.details,
    );
  }
}
