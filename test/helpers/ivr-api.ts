import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DaemonProcess, REPO_ROOT } from './daemon.js';

export const DEMO_FLOW_SOURCE = readFileSync(join(REPO_ROOT, 'ivr-flows/demo/main.yaml'), 'utf8');

/** One admin request to the daemon; throws with the answer when the status is not the expected one. */
export async function adminApi<T>(
  daemon: DaemonProcess,
  method: string,
  path: string,
  body?: unknown,
  expect = [200, 201],
): Promise<T> {
  const res = await fetch(`${daemon.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await daemon.adminToken()}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!expect.includes(res.status)) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** Creates a flow from YAML, publishes it, and routes `did` to it; returns the flow id. */
export async function publishFlow(
  daemon: DaemonProcess,
  name: string,
  source: string,
  did?: string,
): Promise<number> {
  const flow = await adminApi<{ id: number }>(daemon, 'POST', '/api/flows', { name, source });
  await adminApi(daemon, 'POST', `/api/flows/${flow.id}/publish`, { note: 'test' });
  if (did) await adminApi(daemon, 'PUT', `/api/dids/${encodeURIComponent(did)}`, { flowId: flow.id });
  return flow.id;
}

export interface StoredPathJson {
  callId: number;
  version: number | null;
  steps: Array<{ node: string; type: string; outcome: string; digits?: string }>;
  variables: Record<string, string>;
  exit: { kind: string; [key: string]: unknown } | null;
}

export async function ivrPathOf(daemon: DaemonProcess, callId: number): Promise<StoredPathJson> {
  return adminApi<StoredPathJson>(daemon, 'GET', `/api/calls/${callId}/ivr-path`);
}

/** A flow that only queues the caller: the smallest way into the ACD. */
export function queueOnlyFlow(queue: string, extra = ''): string {
  return `
name: to-${queue}
start: ${queue}
nodes:
  ${queue}:
    type: queue
    queue: ${queue}
${extra}`;
}
