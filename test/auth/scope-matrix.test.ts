// The authorization matrix of issue 7: every report, supervision, wallboard, audit and queue
// assignment route, and the call, recording and ticket routes scoped by queue, requested as each
// role and scope. Each cell is the exact status (and error code), and for a list the exact rows the
// caller gets: out-of-scope rows absent, in-scope rows present. The route table of the app decides
// what must be covered, so a new route under those paths fails here until a row says who may call it.

import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import t from 'tap';
import { AcdStore } from '../../cti/acd/call/acd-store.js';
import { acdOffers, queueEntries } from '../../cti/acd/schema.js';
import { calls } from '../../cti/calls/schema.js';
import { FakeSupervision } from '../helpers/fake-supervision.js';
import { type ScopeFixture, scopeFixture } from '../helpers/scope-fixture.js';

/** Every caller of the matrix, in column order. */
const CALLERS = [
  'admin',
  'adminKey',
  'supNorth',
  'supSouth',
  'supNone',
  'keyNorth',
  'agentNorth',
  'agentSouth',
  'agentKey',
  'anonymous',
] as const;
type Caller = (typeof CALLERS)[number];

/**
 * A cell: "STATUS", "STATUS error_code", or "200 [label label]" for the exact rows of a list
 * (sorted). 401 means error "unauthorized", 503 "supervision_off", 404 "not_found".
 */
type Cell = string;
type Cells = Record<Caller, Cell>;

/** How a row reads the labels of an answer's rows (JSON body, or an export's text/bytes). */
type Labels = (res: { json: unknown; raw: Buffer }) => string[] | Promise<string[]>;

interface Row {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The route as the app's route table names it. */
  route: string;
  /** The concrete request path. */
  path: string;
  body?: unknown;
  /** Which app: without live call handling (supervision answers 503) or with a fake one. */
  app?: 'bare' | 'live';
  labels?: Labels;
  cells: Cells;
}

/** Routes the matrix must cover: a new one under these fails the coverage check. */
const MUST_COVER = [
  /^\/api\/reports\//,
  /^\/api\/monitors/,
  /^\/api\/calls\/:callId\/monitor$/,
  /^\/api\/wallboard\//,
  /^\/api\/audit/,
  /^\/api\/users\/:id\/queues$/,
];

const DEFAULT_ERROR: Record<number, string> = {
  401: 'unauthorized',
  404: 'not_found',
  503: 'supervision_off',
};

const items =
  (key: string): Labels =>
  ({ json }) =>
    ((json as { items: Array<Record<string, unknown>> }).items ?? []).map((r) => String(r[key]));
const rows =
  (key: string): Labels =>
  ({ json }) =>
    ((json as { rows: Array<Record<string, unknown>> }).rows ?? []).map((r) => String(r[key]));
/** The labels among `known` that are a whole cell of the CSV (values here hold no commas). */
const csvCells =
  (known: string[]): Labels =>
  ({ raw }) => {
    const cells = new Set(
      raw
        .toString('utf8')
        .split(/\r?\n/)
        .flatMap((line) => line.split(',')),
    );
    return known.filter((k) => cells.has(k) || cells.has(`"${k}"`));
  };
/** The labels among `known` that are a whole cell of the workbook's first sheet. */
const xlsxCells =
  (known: string[]): Labels =>
  async ({ raw }) => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(raw as unknown as ArrayBuffer);
    const cells = new Set<string>();
    book.worksheets[0]!.eachRow((row) => row.eachCell((cell) => cells.add(String(cell.value))));
    return known.filter((k) => cells.has(k));
  };

/** Row cells written out per caller; `same` fills the callers a role shares. */
function cells(c: Partial<Cells> & { rest?: Cell }): Cells {
  const out = {} as Cells;
  for (const who of CALLERS) {
    const cell = c[who] ?? (who === 'anonymous' ? '401' : c.rest);
    if (cell === undefined) throw new Error(`matrix row has no cell for ${who}`);
    out[who] = cell;
  }
  return out;
}

interface Seeded {
  northCall: number;
  southCall: number;
  ivrCall: number;
  overflowCall: number;
  northTicket: number;
  supNorthId: number;
}

/**
 * A call that waited in north first (agent-north did not answer), overflowed to south and was
 * answered there by agent-south: both queues' supervisors see it, each only their queue's offers.
 */
function overflowed(fx: ScopeFixture): number {
  const callId = fx.queuedCall({ queue: 'south', agent: 'agent-south', callerNumber: '+4930444' });
  const startedAt = fx.database.db
    .select()
    .from(calls)
    .where(eq(calls.id, callId))
    .get()!
    .startedAt.getTime();
  fx.database.db
    .insert(queueEntries)
    .values({
      callId,
      queueId: 'north',
      priority: 0,
      skills: [],
      enqueuedAt: new Date(startedAt + 1_000),
      leftAt: new Date(startedAt + 4_000),
      outcome: 'overflow',
      agentId: null,
    })
    .run();
  fx.database.db
    .insert(acdOffers)
    .values({
      id: `o-${callId}-north`,
      callId,
      queueId: 'north',
      agentId: 'agent-north',
      offeredAt: new Date(startedAt + 2_000),
      outcome: 'no-answer',
      outcomeAt: new Date(startedAt + 3_000),
      trace: { callId: String(callId), queueId: 'north' } as never,
    })
    .run();
  return callId;
}

async function seed(fx: ScopeFixture): Promise<Seeded> {
  const northCall = fx.queuedCall({ queue: 'north', agent: 'agent-north', callerNumber: '+4930111' });
  const southCall = fx.queuedCall({ queue: 'south', agent: 'agent-south', callerNumber: '+4930222' });
  const ivrCall = fx.unqueuedCall('+4930333');
  const overflowCall = overflowed(fx);
  const now = fx.clock.now().getTime();
  for (const [agentId, reason] of [
    ['agent-north', 'lunch'],
    ['agent-south', 'training'],
  ] as const)
    new AcdStore(fx.database.db).transitions([
      { agentId, from: 'logged-out', to: 'paused', reason, at: now - 20 * 60_000 },
      { agentId, from: 'paused', to: 'logged-out', at: now - 10 * 60_000 },
    ]);
  const admin = async (method: 'POST' | 'PUT', url: string, payload: object) => {
    const res = await fx.app.inject({ method, url, headers: fx.asAdmin, payload });
    if (res.statusCode >= 300) throw new Error(`seeding ${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json() as { id: number };
  };
  const ticket = async (subject: string, callId: number) => {
    const made = await admin('POST', '/api/tickets', { subject });
    await admin('POST', `/api/calls/${callId}/ticket`, { ticketId: made.id });
    return made.id;
  };
  const northTicket = await ticket('north-ticket', northCall);
  await ticket('south-ticket', southCall);
  await admin('PUT', '/api/wallboard/thresholds', {
    queues: { north: { waiting: { amber: 3, red: 6 } }, south: { waiting: { amber: 4, red: 8 } } },
  });
  return { northCall, southCall, ivrCall, overflowCall, northTicket, supNorthId: fx.people.supNorth.userId! };
}

/** The whole matrix, over the ids the seed made. */
function matrix(s: Seeded, range: string, since: string): Row[] {
  const get = (route: string, path: string, c: Cells, labels?: Labels): Row => ({
    method: 'GET',
    route,
    path,
    cells: c,
    ...(labels ? { labels } : {}),
  });
  const reportRows: Row[] = [];
  const QUEUES = ['north', 'south'];
  const AGENTS = ['agent-north', 'agent-south'];
  for (const [format, suffix] of [
    ['json', ''],
    ['csv', '.csv'],
    ['xlsx', '.xlsx'],
  ] as const) {
    const labels = (key: string, known: string[]) =>
      format === 'json' ? rows(key) : format === 'csv' ? csvCells(known) : xlsxCells(known);
    reportRows.push(
      get(
        `/api/reports/queues${suffix}`,
        `/api/reports/queues${suffix}?${range}`,
        cells({
          admin: '200 [north south]',
          adminKey: '200 [north south]',
          supNorth: '200 [north]',
          supSouth: '200 [south]',
          supNone: '200 []',
          keyNorth: '200 [north]',
          rest: '403 out_of_scope', // agents have no queue report
        }),
        labels('queueId', QUEUES),
      ),
    );
    for (const report of ['agents', 'pauses'])
      reportRows.push(
        get(
          `/api/reports/${report}${suffix}`,
          `/api/reports/${report}${suffix}?${range}`,
          cells({
            admin: '200 [agent-north agent-south]',
            adminKey: '200 [agent-north agent-south]',
            supNorth: '200 [agent-north]',
            supSouth: '200 [agent-south]',
            supNone: '200 []',
            keyNorth: '200 [agent-north]',
            agentNorth: '200 [agent-north]',
            agentSouth: '200 [agent-south]',
            agentKey: '403 out_of_scope', // nobody's agent login
          }),
          labels('agentId', AGENTS),
        ),
      );
  }
  // A supervisor of the queue: allowed; of another queue or none: out_of_scope; agents: by role.
  const northCallCells = (inScope: Cell, agentNorth: Cell, agentSouth: Cell, agentKey: Cell) =>
    cells({
      admin: inScope,
      adminKey: inScope,
      supNorth: inScope,
      supSouth: '403 out_of_scope',
      supNone: '403 out_of_scope',
      keyNorth: inScope,
      agentNorth,
      agentSouth,
      agentKey,
    });
  const staffOnly = (inScope: Cell) =>
    northCallCells(inScope, '403 forbidden', '403 forbidden', '403 forbidden');
  const monitorBody = { mode: 'listen', device: 'PJSIP/sup-phone' };
  const { northCall, southCall, ivrCall, overflowCall } = s;
  const admins = (ok: Cell) => cells({ admin: ok, adminKey: ok, rest: '403 forbidden' });
  const supervisors = (ok: Cell) =>
    cells({
      admin: ok,
      adminKey: ok,
      supNorth: ok,
      supSouth: ok,
      supNone: ok,
      keyNorth: ok,
      rest: '403 forbidden',
    });

  return [
    ...reportRows,

    // Supervision without live call handling: who may act is decided before "not available".
    {
      method: 'POST',
      route: '/api/calls/:callId/monitor',
      path: `/api/calls/${northCall}/monitor`,
      body: monitorBody,
      cells: staffOnly('503'),
    },
    {
      method: 'POST',
      route: '/api/calls/:callId/monitor',
      path: `/api/calls/${ivrCall}/monitor`,
      body: monitorBody,
      cells: cells({
        admin: '503',
        adminKey: '503',
        supNorth: '403 out_of_scope',
        supSouth: '403 out_of_scope',
        supNone: '403 out_of_scope',
        keyNorth: '403 out_of_scope',
        rest: '403 forbidden',
      }),
    },
    {
      method: 'POST',
      route: '/api/calls/:callId/monitor',
      path: '/api/calls/999999/monitor',
      body: monitorBody,
      cells: supervisors('404'),
    },
    get('/api/monitors', '/api/monitors', supervisors('503')),
    {
      method: 'PATCH',
      route: '/api/monitors/:monitorId',
      path: '/api/monitors/mnorth-1',
      body: { mode: 'barge' },
      cells: supervisors('503'),
    },
    {
      method: 'DELETE',
      route: '/api/monitors/:monitorId',
      path: '/api/monitors/mnorth-1',
      cells: supervisors('503'),
    },

    // Supervision with (fake) live call handling: north's call is connected, mnorth-1 is supNorth's
    // monitor on it, msouth-1 supSouth's on the south call.
    {
      method: 'POST',
      route: '/api/calls/:callId/monitor',
      path: `/api/calls/${northCall}/monitor`,
      body: monitorBody,
      app: 'live',
      // supNorth already monitors it (mnorth-1): 409 shows they passed the scope check.
      cells: { ...staffOnly('201'), supNorth: '409 conflict' },
    },
    {
      method: 'POST',
      route: '/api/calls/:callId/monitor',
      path: `/api/calls/${overflowCall}/monitor`,
      body: monitorBody,
      app: 'live',
      // It waited in north too, but was answered from south: only south's supervisors may monitor it.
      cells: cells({
        admin: '201',
        adminKey: '201',
        supNorth: '403 out_of_scope',
        supSouth: '201',
        supNone: '403 out_of_scope',
        keyNorth: '403 out_of_scope',
        rest: '403 forbidden',
      }),
    },
    {
      ...get(
        '/api/monitors',
        '/api/monitors',
        cells({
          admin: '200 [mnorth-1 msouth-1]',
          adminKey: '200 [mnorth-1 msouth-1]',
          supNorth: '200 [mnorth-1]',
          supSouth: '200 [msouth-1]',
          supNone: '200 []',
          keyNorth: '200 [mnorth-1]',
          rest: '403 forbidden',
        }),
        items('monitorId'),
      ),
      app: 'live',
    },
    ...(['PATCH', 'DELETE'] as const).map(
      (method): Row => ({
        method,
        route: '/api/monitors/:monitorId',
        path: '/api/monitors/mnorth-1',
        ...(method === 'PATCH' ? { body: { mode: 'whisper' } } : {}),
        app: 'live',
        // The key supervises north but did not start mnorth-1: only its starter or an admin may change it.
        cells: { ...staffOnly('200'), keyNorth: '403 forbidden' },
      }),
    ),
    {
      method: 'PATCH',
      route: '/api/monitors/:monitorId',
      path: '/api/monitors/mgone-1',
      body: { mode: 'whisper' },
      app: 'live',
      cells: supervisors('404'),
    },

    // Wallboard: everyone watching reads the thresholds (per-queue overrides of their queues only).
    get(
      '/api/wallboard/thresholds',
      '/api/wallboard/thresholds',
      cells({
        admin: '200 [north south]',
        adminKey: '200 [north south]',
        supNorth: '200 [north]',
        supSouth: '200 [south]',
        supNone: '200 []',
        keyNorth: '200 [north]',
        rest: '403 forbidden',
      }),
      ({ json }) => Object.keys((json as { thresholds: { queues?: object } }).thresholds.queues ?? {}),
    ),
    {
      method: 'PUT',
      route: '/api/wallboard/thresholds',
      path: '/api/wallboard/thresholds',
      body: {
        queues: { north: { waiting: { amber: 3, red: 6 } }, south: { waiting: { amber: 4, red: 8 } } },
      },
      cells: admins('200'),
    },

    // The audit log and supervisors' queues: admins only.
    get('/api/audit', '/api/audit', admins('200')),
    get('/api/audit.csv', '/api/audit.csv', admins('200')),
    get(
      '/api/users/:id/queues',
      `/api/users/${s.supNorthId}/queues`,
      admins('200 [north]'),
      ({ json }) => (json as { queues: string[] }).queues,
    ),
    {
      method: 'PUT',
      route: '/api/users/:id/queues',
      path: `/api/users/${s.supNorthId}/queues`,
      body: { queues: ['north'] },
      cells: admins('200'),
    },

    // Calls and what hangs off them.
    get(
      '/api/calls',
      '/api/calls',
      cells({
        admin: '200 [+4930111 +4930222 +4930333 +4930444]',
        adminKey: '200 [+4930111 +4930222 +4930333 +4930444]',
        supNorth: '200 [+4930111 +4930444]',
        supSouth: '200 [+4930222 +4930444]',
        supNone: '200 []',
        keyNorth: '200 [+4930111 +4930444]',
        rest: '403 forbidden', // agents read their own at /api/me/calls
      }),
      items('callerNumber'),
    ),
    get('/api/calls/:id', `/api/calls/${northCall}`, staffOnly('200')),
    get(
      '/api/calls/:id',
      `/api/calls/${ivrCall}`,
      cells({
        admin: '200',
        adminKey: '200',
        supNorth: '403 out_of_scope',
        supSouth: '403 out_of_scope',
        supNone: '403 out_of_scope',
        keyNorth: '403 out_of_scope',
        rest: '403 forbidden',
      }),
    ),
    get(
      '/api/me/calls',
      `/api/me/calls?since=${since}`,
      cells({ agentNorth: '200 [+4930111]', agentSouth: '200 [+4930222 +4930444]', rest: '403 forbidden' }),
      items('callerNumber'),
    ),
    // In scope, the call simply has no stored IVR path: 404 only after the scope check.
    get('/api/calls/:id/ivr-path', `/api/calls/${northCall}/ivr-path`, staffOnly('404')),
    // Overflowed from north to south: each supervisor sees the call, and only their queue's offers.
    get(
      '/api/calls/:callId/offers',
      `/api/calls/${overflowCall}/offers`,
      cells({
        admin: '200 [agent-north agent-south]',
        adminKey: '200 [agent-north agent-south]',
        supNorth: '200 [agent-north]',
        supSouth: '200 [agent-south]',
        supNone: '403 out_of_scope',
        keyNorth: '200 [agent-north]',
        rest: '403 forbidden',
      }),
      items('agentId'),
    ),
    get(
      '/api/calls/:callId/offers',
      `/api/calls/${northCall}/offers`,
      staffOnly('200 [agent-north]'),
      items('agentId'),
    ),
    get(
      '/api/calls/:callId/recordings',
      `/api/calls/${northCall}/recordings`,
      northCallCells('200 []', '200 []', '403 forbidden', '403 forbidden'),
      items('id'),
    ),
    get(
      '/api/calls/:callId/recordings',
      `/api/calls/${southCall}/recordings`,
      cells({
        admin: '200 []',
        adminKey: '200 []',
        supNorth: '403 out_of_scope',
        supSouth: '200 []',
        supNone: '403 out_of_scope',
        keyNorth: '403 out_of_scope',
        agentNorth: '403 forbidden',
        agentSouth: '200 []',
        agentKey: '403 forbidden',
      }),
      items('id'),
    ),
    get(
      '/api/calls/:callId/transcripts',
      `/api/calls/${northCall}/transcripts`,
      northCallCells('200 []', '200 []', '403 forbidden', '403 forbidden'),
      items('id'),
    ),
    {
      method: 'POST',
      route: '/api/calls/:callId/recording/pause',
      path: `/api/calls/${northCall}/recording/pause`,
      body: {},
      // In scope: the finished call has no live recording to pause.
      cells: northCallCells('409', '409', '403 forbidden', '403 forbidden'),
    },
    {
      method: 'POST',
      route: '/api/calls/:callId/recording/resume',
      path: `/api/calls/${northCall}/recording/resume`,
      body: {},
      // In scope: the finished call has no live recording to resume.
      cells: northCallCells('409', '409', '403 forbidden', '403 forbidden'),
    },
    {
      method: 'POST',
      route: '/api/calls/:callId/wrap-up',
      path: `/api/calls/${northCall}/wrap-up`,
      body: { disposition: 'no-such-code' },
      // In scope the request gets as far as the unknown disposition (400), storing nothing.
      cells: northCallCells('400', '400', '403 forbidden', '403 forbidden'),
    },
    {
      method: 'POST',
      route: '/api/calls/:callId/transfer',
      path: `/api/calls/${northCall}/transfer`,
      body: { queue: 'south' },
      // In scope: the finished call is connected to nobody, so there is nothing to transfer.
      cells: northCallCells('409', '409', '403 out_of_scope', '403 out_of_scope'),
    },
    {
      method: 'POST',
      route: '/api/agents/:id/state',
      path: '/api/agents/agent-north/state',
      body: { state: 'logged-out' },
      // In scope the request reaches the state rule: the agent is logged out already (409).
      cells: cells({
        admin: '409 state_not_allowed',
        adminKey: '409 state_not_allowed',
        supNorth: '409 state_not_allowed',
        supSouth: '403 out_of_scope',
        supNone: '403 out_of_scope',
        keyNorth: '409 state_not_allowed',
        rest: '403 forbidden',
      }),
    },
    get(
      '/api/acd/queues',
      '/api/acd/queues',
      cells({
        admin: '200 [north south]',
        adminKey: '200 [north south]',
        supNorth: '200 [north]',
        supSouth: '200 [south]',
        supNone: '200 []',
        keyNorth: '200 [north]',
        rest: '403 forbidden',
      }),
      items('queueId'),
    ),

    // Tickets: out of scope is 404, as if it did not exist.
    get(
      '/api/tickets',
      '/api/tickets',
      cells({
        admin: '200 [north-ticket south-ticket]',
        adminKey: '200 [north-ticket south-ticket]',
        supNorth: '200 [north-ticket]',
        supSouth: '200 [south-ticket]',
        supNone: '200 []',
        keyNorth: '200 [north-ticket]',
        agentNorth: '200 [north-ticket]',
        agentSouth: '200 [south-ticket]',
        agentKey: '200 []',
      }),
      items('subject'),
    ),
    get(
      '/api/tickets.csv',
      '/api/tickets.csv',
      cells({
        admin: '200 [north-ticket south-ticket]',
        adminKey: '200 [north-ticket south-ticket]',
        supNorth: '200 [north-ticket]',
        supSouth: '200 [south-ticket]',
        supNone: '200 []',
        keyNorth: '200 [north-ticket]',
        agentNorth: '200 [north-ticket]',
        agentSouth: '200 [south-ticket]',
        agentKey: '200 []',
      }),
      csvCells(['north-ticket', 'south-ticket']),
    ),
    get(
      '/api/tickets/:id',
      `/api/tickets/${s.northTicket}`,
      cells({
        admin: '200',
        adminKey: '200',
        supNorth: '200',
        supSouth: '404',
        supNone: '404',
        keyNorth: '200',
        agentNorth: '200',
        agentSouth: '404',
        agentKey: '404',
      }),
    ),
    // The linked tickets the caller sees (an agent may see a pool ticket on a call they did not answer).
    get(
      '/api/calls/:callId/tickets',
      `/api/calls/${northCall}/tickets`,
      cells({
        admin: '200 [north-ticket]',
        adminKey: '200 [north-ticket]',
        supNorth: '200 [north-ticket]',
        supSouth: '200 []',
        supNone: '200 []',
        keyNorth: '200 [north-ticket]',
        agentNorth: '200 [north-ticket]',
        agentSouth: '200 []',
        agentKey: '200 []',
      }),
      items('subject'),
    ),
  ];
}

function parseCell(cell: Cell): { status: number; error?: string; labels?: string[] } {
  const m = /^(\d{3})(?: \[([^\]]*)\]| ([a-z_]+))?$/.exec(cell);
  if (!m) throw new Error(`bad matrix cell "${cell}"`);
  const status = Number(m[1]);
  const labels = m[2] === undefined ? undefined : m[2].split(' ').filter(Boolean).sort();
  const error = m[3] ?? DEFAULT_ERROR[status];
  return { status, ...(error ? { error } : {}), ...(labels ? { labels } : {}) };
}

t.test('authorization matrix: every report and action route for each role and scope', async (t) => {
  const supervision = new FakeSupervision();
  const apps = { bare: await scopeFixture(t), live: await scopeFixture(t, { deps: { supervision } }) };
  const seeded = { bare: await seed(apps.bare), live: await seed(apps.live) };
  t.strictSame(seeded.live, seeded.bare, 'both apps hold the same ids');
  const live = apps.live.people;
  const who = (p: typeof live.supNorth) => ({ kind: 'user' as const, id: p.userId!, name: p.name });
  supervision.addMonitor(
    'mnorth-1',
    supervision.connect(seeded.live.northCall, 'north', 'agent-north'),
    who(live.supNorth),
  );
  supervision.connect(seeded.live.overflowCall, 'south', 'agent-south');
  supervision.addMonitor(
    'msouth-1',
    supervision.connect(seeded.live.southCall, 'south', 'agent-south'),
    who(live.supSouth),
  );

  const headers = Object.fromEntries(
    (['bare', 'live'] as const).map((name) => {
      const fx = apps[name];
      const h: Record<Caller, Record<string, string>> = {
        ...(Object.fromEntries(Object.entries(fx.people).map(([k, p]) => [k, p.headers])) as Record<
          keyof typeof fx.people,
          Record<string, string>
        >),
        adminKey: { 'x-api-key': fx.apiKey('admin', 'matrix admin key') },
        agentKey: { 'x-api-key': fx.apiKey('agent', 'matrix agent key') },
        anonymous: {},
      };
      return [name, h];
    }),
  ) as Record<'bare' | 'live', Record<Caller, Record<string, string>>>;

  const now = apps.bare.clock.now().getTime();
  const range = `from=${new Date(now - 3_600_000).toISOString()}&to=${new Date(now + 60_000).toISOString()}&interval=total`;
  const table = matrix(seeded.bare, range, new Date(now - 3_600_000).toISOString());

  t.test('the matrix covers every route it must, and names only routes that exist', async (t) => {
    const routes = apps.bare.app.routeTable.map((r) => `${r.method} ${r.url}`);
    const covered = new Set(table.map((r) => `${r.method} ${r.route}`));
    const must = apps.bare.app.routeTable
      .filter((r) => MUST_COVER.some((re) => re.test(r.url)))
      .map((r) => `${r.method} ${r.url}`);
    t.ok(must.length >= 18, `the route table lists the routes to cover (${must.length})`);
    t.strictSame(
      must.filter((r) => !covered.has(r)),
      [],
      'no report, supervision, wallboard, audit or queue-assignment route is missing from the matrix',
    );
    t.strictSame(
      [...covered].filter((r) => !routes.includes(r)),
      [],
      'every matrix row is a route of the app',
    );
  });

  for (const row of table) {
    const app = row.app ?? 'bare';
    t.test(`${row.method} ${row.path}${app === 'live' ? ' (live supervision)' : ''}`, async (t) => {
      for (const caller of CALLERS) {
        const want = parseCell(row.cells[caller]);
        const res = await apps[app].app.inject({
          method: row.method,
          url: row.path,
          headers: headers[app][caller],
          ...(row.body === undefined ? {} : { payload: row.body as object }),
        });
        const isJson = String(res.headers['content-type'] ?? '').startsWith('application/json');
        const json: unknown = isJson ? res.json() : undefined;
        const label = `${caller}: ${res.statusCode} ${isJson ? res.body.slice(0, 160) : ''}`;
        t.equal(res.statusCode, want.status, `${label} (want ${row.cells[caller]})`);
        if (want.error !== undefined)
          t.match(json, { error: want.error, message: String }, `${caller}: error ${want.error}`);
        if (want.labels !== undefined) {
          if (!row.labels)
            throw new Error(`${row.method} ${row.path}: a cell lists rows but the row reads none`);
          const got = (await row.labels({ json, raw: res.rawPayload })).sort();
          t.strictSame(got, want.labels, `${caller}: exactly the rows in scope`);
        }
      }
    });
  }

  t.test('a monitor refused for scope is audited as denied, even with no live call handling', async (t) => {
    const denied = apps.bare.deps.audit
      .list({ action: 'monitor.start', limit: 100, offset: 0 })
      .filter((e) => e.outcome === 'denied')
      .map((e) => `${e.actorName} ${e.target}`);
    t.ok(denied.includes(`sup-south call:${seeded.bare.northCall}`), 'sup-south on the north call');
    t.ok(denied.includes(`sup-none call:${seeded.bare.northCall}`), 'sup-none on the north call');
    t.ok(denied.includes(`sup-north call:${seeded.bare.ivrCall}`), 'sup-north on a call of no queue');
  });
});
