// bench/acd/stats.ts: nearest-rank percentiles and latency summaries.
import t from 'tap';
import { percentile, summarise } from '../../bench/acd/stats.js';

t.test('nearest rank: the percentile is a measured value, never an interpolation', async (t) => {
  const samples = [15, 20, 35, 40, 50];
  t.equal(percentile(samples, 30), 20);
  t.equal(percentile(samples, 40), 20);
  t.equal(percentile(samples, 50), 35);
  t.equal(percentile(samples, 100), 50);
  t.equal(percentile(samples, 0.1), 15, 'the smallest p gives the minimum');
});

t.test('p50 and p99 of 1..100 and of a short run', async (t) => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
  t.equal(percentile(hundred, 50), 50);
  t.equal(percentile(hundred, 99), 99);
  const twenty = Array.from({ length: 20 }, (_, i) => i + 1);
  t.equal(percentile(twenty, 99), 20, 'with 20 samples p99 is the maximum');
  t.equal(percentile(twenty, 50), 10);
});

t.test('input order does not matter and the input is left alone', async (t) => {
  const samples = [9, 1, 5, 3, 7];
  t.equal(percentile(samples, 50), 5);
  t.same(samples, [9, 1, 5, 3, 7]);
});

t.test('no samples: undefined; p outside (0, 100]: an error naming it', async (t) => {
  t.equal(percentile([], 50), undefined);
  t.equal(summarise([]), undefined);
  t.throws(() => percentile([1], 0), { message: /p must be in \(0, 100\], got 0/ });
  t.throws(() => percentile([1], 101), { message: /got 101/ });
  t.throws(() => summarise([1, Number.NaN]), { message: /NaN is not a finite number/ });
});

t.test('summary of one sample and of several', async (t) => {
  t.same(summarise([2.5]), { n: 1, p50Ms: 2.5, p99Ms: 2.5, minMs: 2.5, maxMs: 2.5, meanMs: 2.5 });
  t.same(summarise([4, 1, 3, 2]), { n: 4, p50Ms: 2, p99Ms: 4, minMs: 1, maxMs: 4, meanMs: 2.5 });
});
