import t from 'tap';
import { JobRelay, type QueueSink, writeOutboxJob } from '../../cti/webhooks/job-outbox.js';
import { jobOutbox } from '../../cti/webhooks/schema.js';
import { buildTestApp } from '../helpers/app.js';

t.test('jobs wait in SQLite while Redis is down and go once it is back, with their delay', async (t) => {
  const { database, clock } = await buildTestApp(t);
  const db = database.db;
  let up = false;
  const added: Array<{ jobId: string; delayMs: number }> = [];
  const sink: QueueSink = {
    ready: () => up,
    add: async (job) => {
      if (added.some((a) => a.jobId === job.jobId)) return;
      added.push({ jobId: job.jobId, delayMs: job.delayMs });
    },
  };
  const relay = new JobRelay({ db, sinks: { sla: sink }, clock: clock.now, baseDelayMs: 10 });
  const now = clock.now();
  writeOutboxJob(
    db,
    { queue: 'sla', jobId: 'a', name: 'x', data: {}, runAt: new Date(now.getTime() + 5000) },
    now,
  );
  writeOutboxJob(db, { queue: 'sla', jobId: 'a', name: 'x', data: {}, runAt: now }, now);
  t.equal(relay.pending(), 1, 'the same job id is written once');
  await relay.relayDue();
  t.same(added, [], 'nothing sent while Redis is down');
  const row = db.select().from(jobOutbox).get();
  t.match(row, { attempts: 1, lastError: 'Redis is not connected' });
  up = true;
  relay.retryNow();
  await relay.relayDue();
  t.same(added, [{ jobId: 'a', delayMs: 5000 }], 'handed over with the time still to wait');
  t.equal(relay.pending(), 0, 'the row is gone once Redis acknowledged');
  await relay.stop();
});
