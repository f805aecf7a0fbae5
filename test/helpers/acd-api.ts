import type { DaemonProcess } from './daemon.js';
import { adminApi } from './ivr-api.js';

/** A plain queue for real-call tests: no skills, longest idle; `extra` overrides any field. */
export function queueConfig(name: string, extra: Record<string, unknown> = {}) {
  return {
    name,
    requiredSkills: [],
    priority: 0,
    strategy: 'longest-idle',
    serviceLevelSeconds: 20,
    wrapUpSeconds: 1,
    ringTimeoutSeconds: 10,
    ...extra,
  };
}

export const AGENT_PASSWORD = 'agent password for tests';

/** Logs a user in over HTTP and returns the session token. */
export async function login(
  daemon: DaemonProcess,
  username: string,
  password = AGENT_PASSWORD,
): Promise<string> {
  const res = await fetch(`${daemon.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login of ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/**
 * An agent user (`username`, default the agent id) linked to agent record `id` in `queues`, rung
 * on `device`; logged in: returns their session token.
 */
export async function agentLogin(
  daemon: DaemonProcess,
  id: string,
  agent: { queues: string[]; device: string; name?: string; username?: string },
): Promise<string> {
  const username = agent.username ?? id;
  const user = await adminApi<{ id: number }>(daemon, 'POST', '/api/users', {
    username,
    role: 'agent',
    password: AGENT_PASSWORD,
  });
  await adminApi(daemon, 'PUT', `/api/agents/${id}`, {
    name: agent.name ?? id,
    skills: {},
    queues: agent.queues,
    device: agent.device,
    userId: user.id,
  });
  return login(daemon, username);
}
