import type { DaemonProcess } from './daemon.js';

export interface CallJson {
  id: number;
  channelId: string;
  callerNumber: string | null;
  dialedNumber: string | null;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  hangupCause: number | null;
  hangupCauseText: string | null;
  endedBy: 'caller' | 'daemon' | 'lost' | null;
}

/** The call rows for one caller number, through the daemon's own API (as an admin). */
export async function callsFrom(daemon: DaemonProcess, callerNumber: string): Promise<CallJson[]> {
  const token = await daemon.adminToken();
  const res = await daemon.get<{ total: number; items: CallJson[] }>(
    `/api/calls?caller=${encodeURIComponent(callerNumber)}&limit=50`,
    token,
  );
  if (res.status !== 200)
    throw new Error(`GET /api/calls answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.items;
}

/** Reads one sample of a Prometheus metric from /metrics (undefined when absent). */
export async function metricValue(
  daemon: DaemonProcess,
  name: string,
  labels = '',
): Promise<number | undefined> {
  const text = await (await fetch(`${daemon.url}/metrics`)).text();
  const escaped = `${name}${labels}`.replace(/[{}"=]/g, (c) => `\\${c}`);
  const match = new RegExp(`^${escaped} (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
}
