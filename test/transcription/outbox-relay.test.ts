import { eq } from 'drizzle-orm';
import type { Test } from 'tap';
import t from 'tap';
import { callRecordings } from '../../cti/acd/schema.js';
import { calls } from '../../cti/calls/schema.js';
import type { Db } from '../../cti/infra/db/client.js';
import { jobIdOf, type TranscriptionJobData } from '../../cti/transcription/job-id.js';
import { completeRecording, type JobSink, OutboxRelay } from '../../cti/transcription/outbox.js';
import { transcriptionOutbox, transcripts } from '../../cti/transcription/schema.js';
import { testDatabase } from '../helpers/db.js';

/** A queue that keeps one job per id, as BullMQ does, and can be made to fail like Redis going away. */
class FakeQueue implements JobSink {
  readonly jobs = new Map<string, TranscriptionJobData>();
  adds = 0;
  up = true;
  /** Redis took the job but the reply was lost: the relay sees an error. */
  loseNextReply = false;

  ready() {
    return this.up;
  }

  async add(jobId: string, data: TranscriptionJobData) {
    this.adds += 1;
    if (!this.up) throw new Error('connect ECONNREFUSED 127.0.0.1:26390');
    if (!this.jobs.has(jobId)) this.jobs.set(jobId, data);
    if (this.loseNextReply) {
      this.loseNextReply = false;
      throw new Error('Connection is closed.');
    }
  }
}

function fixture(t: Test) {
  const { db } = testDatabase(t);
  let now = Date.parse('2026-03-01T10:00:00Z');
  const clock = () => new Date(now);
  const queue = new FakeQueue();
  const relay = new OutboxRelay({ db, sink: queue, jobIdOf, clock, baseDelayMs: 1000, maxDelayMs: 8000 });
  t.teardown(() => relay.stop());
  const recording = (name: string) => {
    const call = db
      .insert(calls)
      .values({ channelId: `chan-${name}`, startedAt: clock() })
      .returning()
      .get();
    return db
      .insert(callRecordings)
      .values({ callId: call.id, name, format: 'wav', startedAt: clock(), markers: [] })
      .returning()
      .get();
  };
  return { db, queue, relay, recording, clock, advance: (ms: number) => (now += ms) };
}

const outbox = (db: Db) => db.select().from(transcriptionOutbox).all();

t.test('a completed recording is one transcript, one outbox row, and after relaying one job', async (t) => {
  const f = fixture(t);
  const rec = f.recording('call-1-1000');
  const first = completeRecording(f.db, 'call-1-1000', f.clock(), 12);
  t.match(first, { recordingId: rec.id, requested: true });
  t.equal(
    f.db.select().from(callRecordings).where(eq(callRecordings.id, rec.id)).get()?.durationSeconds,
    12,
    'the recording row is closed in the same transaction',
  );
  // A replayed RecordingFinished (or the sweep after it) changes nothing.
  t.match(completeRecording(f.db, 'call-1-1000', f.clock()), {
    requested: false,
    transcriptId: first?.transcriptId,
  });
  t.equal(completeRecording(f.db, 'not-ours', f.clock()), null);
  t.equal(outbox(f.db).length, 1);
  t.equal(f.db.select().from(transcripts).all().length, 1);

  await f.relay.relayDue();
  await f.relay.relayDue();
  t.equal(f.queue.jobs.size, 1);
  t.same(f.queue.jobs.get(`recording-${rec.id}`), {
    recordingId: rec.id,
    callId: rec.callId,
    transcriptId: first?.transcriptId,
  });
  t.equal(f.queue.adds, 1, 'a relayed row is not sent again');
  t.same(outbox(f.db), [], 'the row went once Redis acknowledged');
});

t.test('while Redis is down rows wait with exponential backoff, then go exactly once', async (t) => {
  const f = fixture(t);
  f.recording('call-2-1000');
  f.recording('call-3-1000');
  completeRecording(f.db, 'call-2-1000', f.clock());
  completeRecording(f.db, 'call-3-1000', f.clock());
  f.queue.up = false;

  await f.relay.relayDue();
  t.equal(f.queue.adds, 0, 'a connection known to be down is not even tried');
  let rows = outbox(f.db);
  t.equal(rows.length, 2);
  t.equal(rows[0]?.attempts, 1);
  t.equal(rows[0]?.lastError, 'Redis is not connected');
  t.equal(rows[0]?.nextAttemptAt.getTime(), f.clock().getTime() + 1000);
  t.equal(rows[1]?.attempts, 0, 'after the first failure the pass stops; the next row keeps its turn');

  await f.relay.relayDue(); // row 2 is due, row 1 is not
  f.advance(1000);
  await f.relay.relayDue();
  rows = outbox(f.db);
  t.same(
    rows.map((r) => r.attempts),
    [2, 1],
  );
  t.equal(rows[0]?.nextAttemptAt.getTime(), f.clock().getTime() + 2000, 'the delay doubles');

  f.advance(60_000);
  f.queue.up = true;
  f.queue.loseNextReply = true; // Redis stored the job, the acknowledgement never came back
  await f.relay.relayDue();
  t.equal(outbox(f.db).length, 2, 'no acknowledgement, no delete');
  f.advance(60_000);
  await f.relay.relayDue();
  t.same(outbox(f.db), [], 'both rows relayed');
  t.equal(f.queue.jobs.size, 2, 'exactly one job per recording despite the resend');
});

t.test('the started relay picks rows up by itself when nudged', async (t) => {
  const f = fixture(t);
  f.recording('call-4-1000');
  f.relay.start();
  completeRecording(f.db, 'call-4-1000', f.clock());
  f.relay.nudge();
  const deadline = Date.now() + 2000;
  while (f.queue.jobs.size === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  t.equal(f.queue.jobs.size, 1);
  t.equal(f.relay.pending().count, 0);
});
