// bench/acd/report.ts: the side-by-side table, "not yet available" for a system without figures,
// and the distributor's CPU as Asterisk above the direct-Dial reference plus the system's own.
import { readFileSync } from 'node:fs';
import t from 'tap';
import type { RateStep } from '../../bench/acd/analyse.js';
import { QUICK } from '../../bench/acd/config.js';
import {
  distributorCpuMs,
  formatLatency,
  formatMarkdown,
  formatMs,
  formatTable,
  tableRows,
  writeResults,
} from '../../bench/acd/report.js';
import type { BenchResults, SystemResult } from '../../bench/acd/results.js';
import { summarise } from '../../bench/acd/stats.js';

const step = (targetCps: number, passed: boolean): RateStep => ({
  targetCps,
  durationS: 8,
  agents: 20,
  offered: targetCps * 8,
  achievedCps: targetCps,
  lateSends: 0,
  failed: passed ? 0 : 3,
  failureRatio: passed ? 0 : 3 / (targetCps * 8),
  failures: passed ? {} : { 'no-ring': 3 },
  originateErrors: [],
  ring: summarise([0.5, 0.7, 1.2]),
  asteriskCpuMsPerCall: 7.5,
  ownCpuMsPerCall: 0,
  passed,
  verdict: passed ? 'held' : `3 of ${targetCps * 8} calls failed`,
});

const appQueue: SystemResult = {
  id: 'app_queue',
  label: 'app_queue',
  description: 'leastrecent, autofill',
  status: 'measured',
  measurements: ['freeToRing', 'idleRing', 'maxRate', 'cpu'],
  idleRing: { summary: summarise([0.4, 0.5, 1.3]), calls: 3, unanswered: 0, samplesMs: [0.4, 0.5, 1.3] },
  freeToRing: {
    summary: summarise([120, 506, 980, 3480]),
    agents: 5,
    callersInSystem: 10,
    durationS: 40,
    calls: 50,
    failedCalls: 0,
    noCallerWaiting: 0,
    unresolved: 0,
    samplesMs: [120, 506, 980, 3480],
  },
  maxRate: {
    sustainedCps: 20,
    limitedBy: '40/s: 3 of 320 calls failed',
    steps: [step(20, true), step(40, false)],
  },
  cpu: {
    cps: 5,
    durationS: 20,
    agents: 20,
    calls: 100,
    failedCalls: 0,
    asteriskMsPerCall: 7.9,
    ownMsPerCall: 0,
    asteriskIdleMsPerS: 3.3,
    harnessMsPerCall: 4,
  },
  notes: [],
};

const acd: SystemResult = {
  id: 'switchboard-acd',
  label: 'switchboard ACD',
  description: 'cti/acd',
  status: 'unavailable',
  reason: 'not yet available: no adapter',
  measurements: ['freeToRing', 'idleRing', 'maxRate', 'cpu'],
  notes: [],
};

const direct: SystemResult = {
  id: 'direct',
  label: 'direct Dial (no ACD)',
  description: 'reference',
  status: 'measured',
  measurements: ['idleRing', 'cpu'],
  idleRing: { summary: summarise([0.3, 0.5]), calls: 2, unanswered: 0, samplesMs: [0.3, 0.5] },
  cpu: { ...(appQueue.cpu as NonNullable<SystemResult['cpu']>), asteriskMsPerCall: 6.1 },
  notes: [],
};

const results: BenchResults = {
  profile: 'quick',
  startedAt: '2026-11-21T12:00:00.000Z',
  finishedAt: '2026-11-21T12:03:00.000Z',
  durationS: 180,
  host: { cpus: 2, node: '20.20.2', asterisk: '22.10.1' },
  settings: QUICK,
  observer: { app: 'switchboard-bench-observer', eventFilter: true },
  referenceId: 'direct',
  systems: [appQueue, acd, direct],
};

t.test('milliseconds keep three significant figures at most', async (t) => {
  t.equal(formatMs(0.4821), '0.48');
  t.equal(formatMs(12.345), '12.3');
  t.equal(formatMs(506.2), '506');
  t.equal(formatMs(3480.4), '3480');
  t.equal(formatLatency(summarise([120, 506, 980, 3480])), '506 / 3480 ms (n=4)');
  t.equal(formatLatency(undefined), 'no samples');
});

t.test('one column per system, one row per figure', async (t) => {
  const rows = tableRows(results);
  t.same(rows[0], ['', 'app_queue', 'switchboard ACD', 'direct Dial (no ACD)']);
  t.same(rows[1], [
    '(1) agent free -> next ring, p50 / p99',
    '506 / 3480 ms (n=4)',
    'not yet available',
    'n/a',
  ]);
  t.same(rows[2], [
    '(2) arrival -> ring, idle agent, p50 / p99',
    '0.50 / 1.30 ms (n=3)',
    'not yet available',
    '0.30 / 0.50 ms (n=2)',
  ]);
  t.same(rows[3], ['(3) max sustained calls/s (<0.1% failed)', '20', 'not yet available', 'n/a']);
  t.equal(rows[4]?.[1], '1.80 (Asterisk 7.90 - ref 6.10)');
  t.equal(rows[4]?.[2], 'not yet available');
  t.equal(rows[4]?.[3], '6.10 Asterisk (the calls alone)');
});

t.test('the distributor CPU adds a daemon to Asterisk above the reference', async (t) => {
  const withDaemon: SystemResult = {
    ...appQueue,
    id: 'x',
    cpu: { ...(appQueue.cpu as NonNullable<SystemResult['cpu']>), asteriskMsPerCall: 7, ownMsPerCall: 2.5 },
  };
  t.equal(distributorCpuMs(withDaemon, direct), 7 - 6.1 + 2.5);
  t.equal(distributorCpuMs(direct, direct), undefined, 'the reference has no extra of its own');
  t.equal(distributorCpuMs(acd, direct), undefined, 'no figures, no extra');
});

t.test('a top step that held is shown as a lower bound; no step held as below the first', async (t) => {
  const topHeld = {
    ...appQueue,
    maxRate: { sustainedCps: 40, limitedBy: 'top', steps: [step(20, true), step(40, true)] },
  };
  const noneHeld = {
    ...appQueue,
    maxRate: { sustainedCps: undefined, limitedBy: '5/s', steps: [step(5, false)] },
  };
  t.equal(tableRows({ ...results, systems: [topHeld] })[3]?.[1], '>= 40 (top step)');
  t.equal(tableRows({ ...results, systems: [noneHeld] })[3]?.[1], '< 5');
});

t.test('a failed system shows what it measured and "failed" for the rest', async (t) => {
  const failed: SystemResult = {
    ...appQueue,
    status: 'failed',
    reason: 'boom',
    maxRate: undefined,
    cpu: undefined,
  };
  const rows = tableRows({ ...results, systems: [failed] });
  t.equal(rows[1]?.[1], '506 / 3480 ms (n=4)');
  t.equal(rows[3]?.[1], 'failed');
  t.equal(rows[4]?.[1], 'failed');
});

t.test('the terminal table lines up its columns', async (t) => {
  const lines = formatTable(results).split('\n');
  t.equal(lines.length, 5);
  const column = (lines[0] ?? '').indexOf('app_queue');
  t.ok(column > 0);
  for (const line of lines.slice(1)) t.equal(line.slice(column - 2, column), '  ', line);
  t.match(
    lines[1],
    /^\(1\) agent free -> next ring, p50 \/ p99 +506 \/ 3480 ms \(n=4\) +not yet available +n\/a$/,
  );
});

t.test('Markdown: the same table, the rate steps and the notes', async (t) => {
  const md = formatMarkdown(results);
  t.match(md, /\| metric \| app_queue \| switchboard ACD \| direct Dial \(no ACD\) \|/);
  t.match(
    md,
    /\| \(1\) agent free -> next ring, p50 \/ p99 \| 506 \/ 3480 ms \(n=4\) \| not yet available \| n\/a \|/,
  );
  t.match(md, /## Rate steps: app_queue/);
  t.match(md, /\| 40 \| 40\.0 \| 20 \| 320 \| 3 \| 0\.70 \/ 1\.20 \| 7\.50 \| 3 of 320 calls failed \|/);
  t.match(md, /switchboard ACD: not yet available: no adapter/);
});

t.test('latest.json and latest.md are written where asked', async (t) => {
  const dir = t.testdir();
  const written = writeResults(results, dir);
  t.same(JSON.parse(readFileSync(written.json, 'utf8')), JSON.parse(JSON.stringify(results)));
  t.match(readFileSync(written.md, 'utf8'), /^# ACD benchmark: latest results/);
  t.same(
    JSON.parse(readFileSync(`${dir}/quick.json`, 'utf8')).profile,
    'quick',
    'and under the profile name',
  );
  t.equal(readFileSync(`${dir}/quick.md`, 'utf8'), readFileSync(written.md, 'utf8'));
});
