// Seeds the demo through the daemon's own API, once: users (random passwords, kept 0600) and the
// demo IVR flow (ivr-flows/demo/main.yaml), published and answering every dialled number.
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
if (existsSync(usersFile)) process.exit(0);

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
