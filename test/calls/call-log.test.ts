import t from 'tap';
import { CallLog } from '../../cti/calls/call-log.js';
import { testDatabase } from '../helpers/db.js';

const at = (s: number) => new Date(Date.UTC(2026, 10, 21, 9, 0, s));
const start = (channelId: string, startedAt = at(0), callerNumber = '+4930123') => ({
  channelId,
  callerNumber,
  callerName: 'Ada',
  dialedNumber: '100',
  startedAt,
});

t.test('a replayed start, answer or end never duplicates or rewrites a row', async (t) => {
  const log = new CallLog(testDatabase(t).db);
  const first = log.recordStart(start('chan-1'));
  const again = log.recordStart({ ...start('chan-1'), callerNumber: 'replayed' });
  t.equal(again.id, first.id);
  t.equal(again.callerNumber, '+4930123', 'first write wins');
  log.recordAnswer('chan-1', at(2));
  log.recordAnswer('chan-1', at(9));
  log.recordEnd('chan-1', { at: at(10), cause: 16, causeText: 'Normal Clearing', endedBy: 'caller' });
  log.recordEnd('chan-1', {
    at: at(50),
    cause: null,
    causeText: 'ended while the daemon was not connected',
    endedBy: 'lost',
  });
  const row = log.byChannel('chan-1')!;
  t.same(
    { answeredAt: row.answeredAt, endedAt: row.endedAt, cause: row.hangupCause, endedBy: row.endedBy },
    { answeredAt: at(2), endedAt: at(10), cause: 16, endedBy: 'caller' },
  );
  t.equal(log.list({ limit: 10, offset: 0 }).total, 1);
});

t.test('filters: time window, caller part, state; newest first; paging', async (t) => {
  const log = new CallLog(testDatabase(t).db);
  log.recordStart(start('a', at(1), '+4930111'));
  log.recordStart(start('b', at(2), '+4930222'));
  log.recordStart(start('c', at(3), '+44207'));
  log.recordAnswer('b', at(4));
  log.recordEnd('b', { at: at(5), cause: 16, causeText: 'Normal Clearing', endedBy: 'caller' });
  log.recordEnd('c', { at: at(5), cause: 17, causeText: 'User busy', endedBy: 'caller' });
  const ids = (f: Parameters<CallLog['list']>[0]) => log.list(f).items.map((r) => r.channelId);
  t.same(ids({ limit: 10, offset: 0 }), ['c', 'b', 'a']);
  t.same(ids({ from: at(2), to: at(3), limit: 10, offset: 0 }), ['b']);
  t.same(ids({ callerNumber: '4930', limit: 10, offset: 0 }), ['b', 'a']);
  t.same(ids({ state: 'live', limit: 10, offset: 0 }), ['a']);
  t.same(ids({ state: 'answered', limit: 10, offset: 0 }), ['b']);
  t.same(ids({ state: 'unanswered', limit: 10, offset: 0 }), ['c']);
  t.same(ids({ limit: 1, offset: 1 }), ['b']);
  t.equal(log.list({ limit: 1, offset: 1 }).total, 3);
});

t.test('LIKE wildcards in the caller filter are taken literally', async (t) => {
  const log = new CallLog(testDatabase(t).db);
  log.recordStart(start('a', at(1), '100'));
  log.recordStart(start('b', at(2), '1_0%'));
  t.same(
    log.list({ callerNumber: '_', limit: 10, offset: 0 }).items.map((r) => r.channelId),
    ['b'],
  );
  t.same(
    log.list({ callerNumber: '%', limit: 10, offset: 0 }).items.map((r) => r.channelId),
    ['b'],
  );
});
