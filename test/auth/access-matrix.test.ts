import t from 'tap';
import { agents } from '../../cti/acd/schema.js';
import type { RouteEntry } from '../../cti/app.js';
import type { RouteAccess } from '../../cti/auth/access.js';
import type { Role } from '../../cti/auth/schema.js';
import { buildTestApp } from '../helpers/app.js';

/**
 * Every route the app has, called as every kind of caller: the status must match the route's
 * declared access. Driven by app.routeTable, so a new route is covered the day it is added.
 */

type Caller =
  | { name: string; kind: 'anonymous' }
  | { name: string; kind: 'bad-token' }
  | { name: string; kind: 'user'; role: Role }
  | { name: string; kind: 'api-key'; role: Role };

const CALLERS: Caller[] = [
  { name: 'no credentials', kind: 'anonymous' },
  { name: 'bad token', kind: 'bad-token' },
  { name: 'agent', kind: 'user', role: 'agent' },
  { name: 'supervisor', kind: 'user', role: 'supervisor' },
  { name: 'admin', kind: 'user', role: 'admin' },
  { name: 'API key (agent)', kind: 'api-key', role: 'agent' },
  { name: 'API key (admin)', kind: 'api-key', role: 'admin' },
];

/**
 * Routes about "my" agent record (the agent desktop): an API key is nobody's agent login, so
 * they refuse keys of any role, as the /ws/agent socket does.
 */
const AGENT_LOGIN_ONLY = new Set([
  'POST /api/softphone/credentials',
  'GET /api/me/agent',
  'GET /api/me/calls',
]);

/** Written out again here rather than calling isAllowed, so the test does not grade the code with itself. */
function expected(access: RouteAccess, caller: Caller, route: string): 'allowed' | 401 | 403 {
  if (access === 'public') return 'allowed';
  if (caller.kind === 'anonymous' || caller.kind === 'bad-token') return 401;
  if (caller.kind === 'api-key' && AGENT_LOGIN_ONLY.has(route)) return 403;
  if (access === 'authenticated') return 'allowed';
  return access.includes(caller.role) ? 'allowed' : 403;
}

/** An id that exists nowhere, so an allowed DELETE or PATCH cannot change what the next request sees. */
function concreteUrl(url: string): string {
  return url.replace(/:[A-Za-z_]+/g, '999999').replace(/\*$/, 'nothing-here');
}

const KNOWN_ROUTES = [
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'GET /api/auth/me',
  'POST /api/auth/password',
  'GET /api/users',
  'POST /api/users',
  'GET /api/users/:id',
  'PATCH /api/users/:id',
  'POST /api/users/:id/password',
  'DELETE /api/users/:id',
  'GET /api/api-keys',
  'POST /api/api-keys',
  'DELETE /api/api-keys/:id',
  'GET /api/audit',
  'GET /api/audit.csv',
  'GET /healthz',
];

t.test('every route answers each kind of caller as its access says', async (t) => {
  const harness = await buildTestApp(t);
  const { app } = harness;
  const routes: RouteEntry[] = app.routeTable;
  t.ok(routes.length > KNOWN_ROUTES.length, `the route table lists the app's routes (${routes.length})`);
  const listed = new Set(routes.map((r) => `${r.method} ${r.url}`));
  for (const known of KNOWN_ROUTES) t.ok(listed.has(known), `route table includes ${known}`);

  const accounts = new Map<Role, Awaited<ReturnType<typeof harness.createUser>>>();
  for (const role of ['agent', 'supervisor', 'admin'] as const)
    accounts.set(role, await harness.createUser(role));
  // The agent user is someone's agent login, as agents are: routes for "my" agent record answer
  // them (an agent user with no record gets a 403 from those routes by design).
  const now = harness.clock.now();
  harness.database.db
    .insert(agents)
    .values({
      id: 'matrix-agent',
      userId: accounts.get('agent')!.id,
      name: 'Matrix agent',
      skills: {},
      queues: [],
      state: 'logged-out',
      stateSince: now,
      createdAt: now,
      updatedAt: now,
    })
    .run();
  const keys = new Map<Role, string>([
    ['agent', harness.apiKey('agent')],
    ['admin', harness.apiKey('admin')],
  ]);
  // A fresh session per request: logout as one caller must not turn later rows into 401s.
  const headersFor = (caller: Caller): Record<string, string> => {
    switch (caller.kind) {
      case 'anonymous':
        return {};
      case 'bad-token':
        return { authorization: 'Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' };
      case 'user':
        return { authorization: `Bearer ${harness.sessionFor(accounts.get(caller.role)!)}` };
      case 'api-key':
        return { 'x-api-key': keys.get(caller.role)! };
    }
  };

  let checked = 0;
  for (const route of routes) {
    for (const caller of CALLERS) {
      const hasBody = ['POST', 'PUT', 'PATCH'].includes(route.method);
      const res = await app.inject({
        method: route.method as 'GET',
        url: concreteUrl(route.url),
        headers: { ...headersFor(caller), ...(hasBody ? { 'content-type': 'application/json' } : {}) },
        ...(hasBody ? { payload: '{}' } : {}),
      });
      const want = expected(route.access, caller, `${route.method} ${route.url}`);
      const label = `${route.method} ${route.url} as ${caller.name}: got ${res.statusCode}`;
      t.not(res.statusCode, 500, `${label}, never 500`);
      if (want === 'allowed') {
        // The role passes; a 403 now can only be the caller's scope (an agent's queue report, an
        // agent key's own report), which scope-matrix.test.ts checks cell by cell.
        const scopeRefusal = res.statusCode === 403 && res.json().error === 'out_of_scope';
        t.ok(
          res.statusCode !== 401 && (res.statusCode !== 403 || scopeRefusal),
          `${label}, expected neither 401 nor a role 403 (${res.body.slice(0, 120)})`,
        );
      } else {
        t.equal(res.statusCode, want, `${label}, expected ${want}`);
        t.match(res.json(), { error: want === 401 ? 'unauthorized' : 'forbidden', message: String });
      }
      checked += 1;
    }
  }
  t.equal(checked, routes.length * CALLERS.length, 'every route was tried as every caller');
});
