import { MonitorRefused } from '../../cti/supervision/errors.js';
import { Monitor, type MonitoredCall, type Supervisor } from '../../cti/supervision/monitor.js';
import type { SupervisionApi } from '../../cti/supervision/runtime.js';

/**
 * Supervision without Asterisk, for route tests of who may do what: calls are "connected" when a
 * test says so, monitors exist when a test adds them, and start/changeMode/stop answer views without
 * changing anything (so a table of requests can run in any order). The snoop channels themselves
 * are proven against the real Asterisk in test/integration/supervision.test.ts.
 */
export class FakeSupervision implements SupervisionApi {
  private readonly connected = new Map<number, MonitoredCall>();
  private readonly monitors = new Map<string, Monitor>();

  /** The call counts as connected to its agent, answered from `queueId`. */
  connect(callId: number, queueId: string, agentId: string): MonitoredCall {
    const call = { callId, queueId, agentId, agentChannelId: `fake-leg-${callId}`, callerNumber: null };
    this.connected.set(callId, call);
    return call;
  }

  /** A monitor going on now, started by `supervisor`. */
  addMonitor(id: string, call: MonitoredCall, supervisor: Supervisor): Monitor {
    const monitor = new Monitor(id, call, supervisor, 'PJSIP/fake-phone', 'listen', new Date());
    this.monitors.set(id, monitor);
    return monitor;
  }

  connectedCall(callId: number): MonitoredCall {
    const call = this.connected.get(callId);
    if (!call) throw new MonitorRefused('not_found', `call ${callId} is not connected to an agent`);
    return call;
  }

  async phoneFor(requested: string | undefined): Promise<string> {
    return requested ?? 'PJSIP/fake-phone';
  }

  async start(req: Parameters<SupervisionApi['start']>[0]) {
    return new Monitor('fake-started', req.call, req.supervisor, req.device, req.mode, new Date()).view();
  }

  get(monitorId: string): Monitor | undefined {
    return this.monitors.get(monitorId);
  }

  active(): Monitor[] {
    return [...this.monitors.values()];
  }

  async changeMode(monitor: Monitor, mode: Monitor['mode']) {
    return { ...monitor.view(), mode };
  }

  async stop(monitor: Monitor) {
    return { ...monitor.view(), state: 'ended' as const };
  }

  onMonitorChanged(): () => void {
    return () => {};
  }
}
