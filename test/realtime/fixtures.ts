import type { Test } from 'tap';
import { supervisorQueues } from '../../cti/auth/scope-schema.js';
import { buildTestApp, type TestApp, type TestAppOverrides, type TestUser } from '../helpers/app.js';
import { listenWs } from './ws-client.js';

export interface RealtimeFixture extends TestApp {
  /** ws://127.0.0.1:<port> of the listening app. */
  base: string;
  adminHeaders: Record<string, string>;
  /** Agent users linked to the agent records alice and bob (queue "support"). */
  alice: { user: TestUser; token: string };
  bob: { user: TestUser; token: string };
  /** An agent user with no agent record. */
  loner: { user: TestUser; token: string };
  supervisorToken: string;
  adminToken: string;
}

/** A listening app with one queue and two agents, each linked to an agent user. */
export async function realtimeFixture(t: Test, overrides: TestAppOverrides = {}): Promise<RealtimeFixture> {
  const testApp = await buildTestApp(t, overrides);
  const { app, createUser, sessionFor } = testApp;
  const admin = await createUser('admin');
  const adminToken = sessionFor(admin);
  const adminHeaders = { authorization: `Bearer ${adminToken}` };
  const put = async (url: string, payload: Record<string, unknown>) => {
    const res = await app.inject({ method: 'PUT', url, headers: adminHeaders, payload });
    if (res.statusCode >= 300) throw new Error(`PUT ${url} answered ${res.statusCode}: ${res.body}`);
  };
  await put('/api/acd/queues/support', {
    name: 'Support',
    requiredSkills: [],
    priority: 0,
    strategy: 'longest-idle',
    serviceLevelSeconds: 20,
    wrapUpSeconds: 0,
    ringTimeoutSeconds: 10,
  });
  const agentUser = async (id: string, name: string) => {
    const user = await createUser('agent', { username: id });
    await put(`/api/agents/${id}`, { name, skills: {}, queues: ['support'], userId: user.id });
    return { user, token: sessionFor(user) };
  };
  const alice = await agentUser('alice', 'Alice');
  const bob = await agentUser('bob', 'Bob');
  const lonerUser = await createUser('agent', { username: 'loner' });
  const supervisor = await createUser('supervisor');
  // Supervisors watch only the queues assigned to them (cti/auth/scope.ts).
  testApp.database.db
    .insert(supervisorQueues)
    .values({ userId: supervisor.id, queueId: 'support', createdAt: testApp.clock.now() })
    .run();
  const base = await listenWs(app);
  return {
    ...testApp,
    base,
    adminHeaders,
    alice,
    bob,
    loner: { user: lonerUser, token: sessionFor(lonerUser) },
    supervisorToken: sessionFor(supervisor),
    adminToken,
  };
}

/** The subprotocols a browser offers. */
export const browserProtocols = (token: string) => ['switchboard', `token.${token}`];
