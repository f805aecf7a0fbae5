// Seeds the demo through the daemon's own API: users (random passwords, kept 0600, made once), the
// demo IVR flow (ivr-flows/demo/main.yaml) answering every dialled number, the sales and support
// queues it leads to, and agents linked to the agent users. Until agents have softphones, their
// devices are robot phones in the sandbox (dialplan context switchboard-test-agent: they answer at
// once and talk for 30 s), so a demo call goes through the whole ACD.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [url, adminUser, adminPassword, stateDir] = process.argv.slice(2);
const usersFile = join(stateDir, 'demo-users.txt');
const flowFile = new URL('../ivr-flows/demo/main.yaml', import.meta.url);

const api = async (method, path, token, body) => {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok && res.status !== 409) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(data)}`);
  return data;
};

const { token } = await api('POST', '/api/auth/login', null, { username: adminUser, password: adminPassword });

const flows = (await api('GET', '/api/flows', token)).items;
if (!flows.some((f) => f.name === 'demo')) {
  const flow = await api('POST', '/api/flows', token, { name: 'demo', source: readFileSync(flowFile, 'utf8') });
  await api('POST', `/api/flows/${flow.id}/publish`, token, { note: 'demo bring-up' });
  await api('PUT', `/api/dids/${encodeURIComponent('*')}`, token, { flowId: flow.id });
}

const queue = (name, extra) => ({
  name,
  requiredSkills: [],
  priority: 0,
  strategy: 'longest-idle',
  serviceLevelSeconds: 20,
  wrapUpSeconds: 10,
  ringTimeoutSeconds: 15,
  announcements: { everySeconds: 20, position: true, holdTime: true },
  maxWaitSeconds: 180,
  overflow: { kind: 'voicemail', target: `${extra.mailbox}` },
  ...extra.config,
});
await api('PUT', '/api/acd/queues/sales', token, queue('Sales', { mailbox: 'sales', config: {} }));
await api(
  'PUT',
  '/api/acd/queues/support',
  token,
  queue('Support', { mailbox: 'support', config: { relaxation: [{ afterSeconds: 60, skill: 'english', drop: true }] } }),
);

async function seedAgents() {
  const users = (await api('GET', '/api/users', token)).items;
  const agents = [
    { id: 'alice', username: 'alice', skills: { english: 8, sales: 6 }, queues: ['sales', 'support'] },
    { id: 'bob', username: 'bob', skills: { english: 5 }, queues: ['support'] },
    { id: 'liwei', username: 'li.wei', skills: { mandarin: 9, sales: 4 }, queues: ['sales'] },
  ];
  for (const agent of agents) {
    const user = users.find((u) => u.username === agent.username);
    await api('PUT', `/api/agents/${agent.id}`, token, {
      name: user?.displayName ?? agent.id,
      skills: agent.skills,
      queues: agent.queues,
      device: `Local/${agent.id}@switchboard-test-agent/n`,
      userId: user?.id ?? null,
    });
    await api('POST', `/api/agents/${agent.id}/state`, token, { state: 'available' });
  }
}

// Sam supervises both demo queues: the wallboard, reports and listen/whisper/barge are scoped to them.
async function assignSupervisorQueues() {
  const sam = (await api('GET', '/api/users', token)).items.find((u) => u.username === 'sam');
  if (sam) await api('PUT', `/api/users/${sam.id}/queues`, token, { queues: ['sales', 'support'] });
}

if (existsSync(usersFile)) {
  await seedAgents();
  await assignSupervisorQueues();
  process.exit(0);
}

const people = [
  { username: 'sam', displayName: 'Sam Supervisor', role: 'supervisor' },
  { username: 'alice', displayName: 'Alice Agent', role: 'agent' },
  { username: 'bob', displayName: 'Bob Agent', role: 'agent' },
  { username: 'li.wei', displayName: '李伟', role: 'agent' },
];
const lines = [];
for (const person of people) {
  const password = randomBytes(9).toString('base64url');
  await api('POST', '/api/users', token, { ...person, password });
  lines.push(`${person.username.padEnd(8)} ${person.role.padEnd(11)} ${password}`);
}
writeFileSync(usersFile, `${lines.join('\n')}\n`, { mode: 0o600 });
await seedAgents();
await assignSupervisorQueues();
