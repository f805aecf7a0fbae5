// bench/acd/analyse.ts: from marks to latencies, without Asterisk.
import t from 'tap';
import {
  callFailure,
  freeToNextRing,
  idleRingLatencies,
  judgeRateStep,
  sustainedRate,
} from '../../bench/acd/analyse.js';
import type { CallRecord } from '../../bench/acd/load.js';
import type { Mark } from '../../bench/acd/measure.js';
import { markFromEvent, parseAtUs } from '../../bench/acd/measure.js';

const S = 1_000_000;
const call = (number: string, fields: Partial<CallRecord>): CallRecord => ({
  seq: Number(number),
  number,
  callerChannelId: `c${number}`,
  inboundChannelId: `c${number}-in`,
  placedUs: 0,
  rings: fields.ringUs === undefined ? 0 : 1,
  ...fields,
});
const mark = (kind: Mark['kind'], agent: string, caller: string, atUs: number): Mark => ({
  kind,
  agent,
  caller,
  atUs,
  precise: true,
  channelId: '',
});

t.test('At marks are read to the microsecond', async (t) => {
  t.equal(parseAtUs('1795264130.159685'), 1795264130159685);
  t.equal(parseAtUs('1795264130.5'), 1795264130500000);
  t.equal(parseAtUs('soon'), undefined);
  const parsed = markFromEvent({
    type: 'ChannelUserevent',
    eventname: 'BenchAgentRing',
    timestamp: '2026-11-21T12:28:50.160+0000',
    userevent: {
      eventname: 'BenchAgentRing',
      Agent: 'bench001',
      Caller: '800000001',
      At: '1795264130.160783',
    },
    channel: { id: 'x;2' },
  });
  t.same(parsed, {
    kind: 'ring',
    caller: '800000001',
    atUs: 1795264130160783,
    precise: true,
    channelId: 'x;2',
    agent: 'bench001',
  });
  const fallback = markFromEvent({
    type: 'ChannelUserevent',
    eventname: 'BenchAgentFree',
    timestamp: '2026-11-21T12:28:50.160+0000',
    userevent: { Agent: 'bench001', Caller: '1' },
  });
  t.equal(fallback?.precise, false, 'no At: the ARI timestamp, marked imprecise');
  t.equal(fallback?.atUs, Date.parse('2026-11-21T12:28:50.160Z') * 1000);
});

t.test('idle ring: arrival to first ring per call; calls that never rang are counted apart', async (t) => {
  const result = idleRingLatencies([
    call('1', { arrivedUs: 10 * S, ringUs: 10 * S + 480 }),
    call('2', { arrivedUs: 20 * S }),
  ]);
  t.same(result, { latenciesMs: [0.48], unanswered: 1 });
});

t.test('agent free -> the same agent next ring, only while a caller waits', async (t) => {
  const calls = [
    call('1', { arrivedUs: 0, ringUs: 1 * S, goneUs: 5 * S }),
    call('2', { arrivedUs: 0, ringUs: Math.round(4.7 * S), goneUs: 9 * S }),
    call('3', { arrivedUs: 20 * S, ringUs: 20 * S + 500, goneUs: 25 * S }),
  ];
  const marks = [
    mark('ring', 'a1', '1', 1 * S),
    mark('free', 'a1', '1', 4 * S),
    mark('ring', 'a2', '2', Math.round(4.1 * S)),
    mark('ring', 'a1', '2', Math.round(4.7 * S)),
    // nobody waits at 8 s: not a sample
    mark('free', 'a1', '2', 8 * S),
    mark('ring', 'a1', '3', 20 * S + 500),
    // outside the window
    mark('free', 'a1', '3', 24 * S),
  ];
  const result = freeToNextRing(marks, calls, 0, 23 * S);
  t.same(result.latenciesMs, [700]);
  t.equal(result.noCallerWaiting, 1);
  t.equal(result.unresolved, 0);
});

t.test('a waiting caller the freed agent never got is unresolved, not a sample', async (t) => {
  const calls = [call('1', { arrivedUs: 0 })];
  const result = freeToNextRing([mark('free', 'a1', '9', 1 * S)], calls, 0, 2 * S);
  t.same(result, { latenciesMs: [], noCallerWaiting: 0, unresolved: 1 });
});

t.test('call failures, including a ring later than the patience', async (t) => {
  const done = { arrivedUs: 0, ringUs: 1000, freeUs: 2 * S, goneUs: 3 * S };
  t.equal(callFailure(call('1', done)), undefined);
  t.equal(callFailure(call('1', { originateError: 'ARI 500' })), 'originate');
  t.equal(callFailure(call('1', {})), 'no-arrival');
  t.equal(callFailure(call('1', { arrivedUs: 0 })), 'no-ring');
  t.equal(callFailure(call('1', { ...done, ringUs: 11 * S }), 10 * S), 'late-ring');
  t.equal(callFailure(call('1', { ...done, freeUs: undefined })), 'no-talk');
  t.equal(callFailure(call('1', { ...done, goneUs: undefined })), 'not-over');
});

t.test('rate steps: under 0.1% failures and the pace kept; the highest step that held', async (t) => {
  const good = Array.from({ length: 100 }, (_, i) =>
    call(String(i), { arrivedUs: 0, ringUs: 500, freeUs: S, goneUs: 2 * S }),
  );
  const base = {
    durationS: 10,
    agents: 30,
    offered: 100,
    lateSends: 0,
    patienceS: 10,
    maxFailureRatio: 0.001,
    asteriskCpuMsPerCall: 7,
    ownCpuMsPerCall: 0,
  };
  const held = judgeRateStep({ ...base, targetCps: 10, achievedCps: 10, calls: good });
  t.equal(held.passed, true);
  const oneBad = [...good.slice(1), call('x', { arrivedUs: 0 })];
  const failed = judgeRateStep({ ...base, targetCps: 20, achievedCps: 20, calls: oneBad });
  t.equal(failed.passed, false);
  t.same(failed.failures, { 'no-ring': 1 });
  t.match(failed.verdict, /1 of 100 calls failed \(1\.00%: 1 no-ring\)/);
  const slow = judgeRateStep({ ...base, targetCps: 40, achievedCps: 30, calls: good });
  t.equal(slow.passed, false);
  t.match(slow.verdict, /generator could not keep 40\/s/);
  t.same(sustainedRate([held, failed, held]), {
    cps: 10,
    limitedBy: '20/s: 1 of 100 calls failed (1.00%: 1 no-ring)',
  });
  t.equal(sustainedRate([held]).cps, 10);
  t.equal(sustainedRate([failed]).cps, undefined);
});
