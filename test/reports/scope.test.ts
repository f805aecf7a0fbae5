// Who sees which report: supervisors their queues and those queues' members (counting only
// calls of their queues), agents their own agent and pause reports; anything else is 403 naming it.
import t from 'tap';
import { AcdStore } from '../../cti/acd/call/acd-store.js';
import { scopeFixture } from '../helpers/scope-fixture.js';
import { asObjects, parseCsv, xlsxCells } from './export-parse.js';

interface Row {
  queueId?: string;
  agentId?: string;
  answered?: number;
  reason?: string;
}

t.test('report scopes', async (t) => {
  const fx = await scopeFixture(t);
  const both = await fx.agentUser('agent-both', ['north', 'south']);
  fx.queuedCall({ queue: 'north', agent: 'agent-north' });
  fx.queuedCall({ queue: 'south', agent: 'agent-south' });
  fx.queuedCall({ queue: 'north', agent: 'agent-both' });
  fx.queuedCall({ queue: 'south', agent: 'agent-both' });
  const now = fx.clock.now().getTime();
  const pause = (agentId: string, reason: string) =>
    new AcdStore(fx.database.db).transitions([
      { agentId, from: 'logged-out', to: 'paused', reason, at: now - 20 * 60_000 },
      { agentId, from: 'paused', to: 'logged-out', at: now - 10 * 60_000 },
    ]);
  pause('agent-north', 'lunch');
  pause('agent-south', 'training');
  const range = `from=${new Date(now - 3_600_000).toISOString()}&to=${new Date(now + 60_000).toISOString()}&interval=total`;
  const as = async (who: keyof typeof fx.people | 'both', path: string) => {
    const headers = who === 'both' ? both.headers : fx.people[who].headers;
    const res = await fx.app.inject({
      method: 'GET',
      url: `/api/reports/${path}${path.includes('?') ? '&' : '?'}${range}`,
      headers,
    });
    // Downloads are read back too, so a CSV or workbook leaking rows fails like JSON would.
    const type = res.headers['content-type']?.toString() ?? '';
    let body: unknown;
    if (type.startsWith('application/json')) body = res.json();
    else if (type.startsWith('text/csv')) body = { rows: asObjects(parseCsv(res.body)) };
    else if (type.includes('spreadsheetml')) body = { rows: asObjects(await xlsxCells(res.rawPayload)) };
    else throw new Error(`unexpected content type "${type}" for ${path}`);
    return { status: res.statusCode, body: body as { rows: Row[]; message?: string; error?: string } };
  };
  const ids = (rows: Row[], key: 'queueId' | 'agentId') => rows.map((r) => r[key]);

  t.test('admin: every queue and agent', async (t) => {
    t.strictSame(ids((await as('admin', 'queues')).body.rows, 'queueId'), ['north', 'south']);
    const agents = (await as('admin', 'agents')).body.rows;
    t.strictSame(
      agents.map((r) => [r.agentId, r.answered]),
      [
        ['agent-both', 2],
        ['agent-north', 1],
        ['agent-south', 1],
      ],
    );
    t.strictSame(
      (await as('admin', 'pauses')).body.rows.map((r) => [r.agentId, r.reason]),
      [
        ['agent-north', 'lunch'],
        ['agent-south', 'training'],
      ],
    );
  });

  t.test('supervisor of north: north and its members, north calls only', async (t) => {
    for (const who of ['supNorth', 'keyNorth'] as const) {
      t.strictSame(
        ids((await as(who, 'queues')).body.rows, 'queueId'),
        ['north'],
        `${who}: no filter → their queues`,
      );
      t.strictSame(ids((await as(who, 'queues?queue=north')).body.rows, 'queueId'), ['north']);
      const south = await as(who, 'queues?queue=north&queue=south');
      t.equal(south.status, 403, `${who} asking for south`);
      const name = who === 'supNorth' ? 'user "sup-north"' : 'API key "wallboard-north"';
      t.strictSame(south.body, {
        error: 'out_of_scope',
        message: `${name} (supervisor) may not see or act on queue "south"`,
      });
      // agent-both answered one call in each queue: only the north one counts here.
      t.strictSame(
        (await as(who, 'agents')).body.rows.map((r) => [r.agentId, r.answered]),
        [
          ['agent-both', 1],
          ['agent-north', 1],
        ],
      );
      const other = await as(who, 'agents?agent=agent-south');
      t.equal(other.status, 403);
      t.strictSame(other.body.message, `${name} (supervisor) may not see or act on agent "agent-south"`);
      t.strictSame(ids((await as(who, 'pauses')).body.rows, 'agentId'), ['agent-north']);
      t.equal((await as(who, 'pauses?agent=agent-south')).status, 403);
    }
    t.strictSame(
      ids((await as('supSouth', 'queues')).body.rows, 'queueId'),
      ['south'],
      'and south for supSouth',
    );
  });

  t.test("supervisor of north: CSV and Excel downloads hold north's rows only", async (t) => {
    for (const ext of ['csv', 'xlsx']) {
      const queues = await as('supNorth', `queues.${ext}`);
      t.equal(queues.status, 200);
      t.strictSame(ids(queues.body.rows, 'queueId'), ['north'], `queues.${ext}`);
      // Numbers: CSV text, Excel numbers; both count agent-both's north call only.
      t.strictSame(
        (await as('supNorth', `agents.${ext}`)).body.rows.map((r) => [r.agentId, String(r.answered)]),
        [
          ['agent-both', '1'],
          ['agent-north', '1'],
        ],
        `agents.${ext}`,
      );
      t.strictSame(
        (await as('supNorth', `pauses.${ext}`)).body.rows.map((r) => [r.agentId, r.reason]),
        [['agent-north', 'lunch']],
        `pauses.${ext}`,
      );
      t.equal((await as('supNorth', `queues.${ext}?queue=south`)).status, 403, `queues.${ext} of south`);
    }
  });

  t.test('a supervisor of no queue sees empty reports', async (t) => {
    t.strictSame((await as('supNone', 'queues')).body.rows, []);
    t.strictSame((await as('supNone', 'agents')).body.rows, []);
    t.equal((await as('supNone', 'queues?queue=north')).status, 403);
  });

  t.test('agents: their own agent and pause report, no queue report', async (t) => {
    const queues = await as('agentNorth', 'queues');
    t.equal(queues.status, 403);
    t.strictSame(queues.body, {
      error: 'out_of_scope',
      message:
        'user "user-agent-north" (agent) may not see or act on queue reports (agents see their own agent report)',
    });
    t.strictSame(ids((await as('agentNorth', 'agents')).body.rows, 'agentId'), ['agent-north']);
    t.strictSame(ids((await as('agentNorth', 'agents?agent=agent-north')).body.rows, 'agentId'), [
      'agent-north',
    ]);
    const other = await as('agentNorth', 'agents?agent=agent-south');
    t.equal(other.status, 403);
    t.equal(other.body.message, 'user "user-agent-north" (agent) may not see or act on agent "agent-south"');
    t.strictSame(
      (await as('agentSouth', 'pauses')).body.rows.map((r) => r.reason),
      ['training'],
    );
    t.equal((await as('agentSouth', 'pauses?agent=agent-north')).status, 403);
    // Their own calls from every queue they answered in.
    t.strictSame(
      (await as('both', 'agents')).body.rows.map((r) => [r.agentId, r.answered]),
      [['agent-both', 2]],
    );
    t.equal((await as('agentNorth', 'agents.csv')).status, 200, 'and may download it');
  });
});
