import { eq } from 'drizzle-orm';
import t from 'tap';
import { acdQueues, callRecordings, queueEntries } from '../../cti/acd/schema.js';
import { supervisorQueues } from '../../cti/auth/scope-schema.js';
import { calls } from '../../cti/calls/schema.js';
import { transcripts } from '../../cti/transcription/schema.js';
import { buildTestApp } from '../helpers/app.js';

t.test("a call's transcripts and full-text search over them", async (t) => {
  const harness = await buildTestApp(t);
  const { db } = harness.database;
  const now = harness.clock.now();
  const call = db.insert(calls).values({ channelId: 'c-1', startedAt: now }).returning().get();
  const rec = db
    .insert(callRecordings)
    .values({ callId: call.id, name: `call-${call.id}-1`, format: 'wav', startedAt: now, markers: [] })
    .returning()
    .get();
  const row = db
    .insert(transcripts)
    .values({ recordingId: rec.id, callId: call.id, state: 'pending', requestedAt: now })
    .returning()
    .get();
  // The call waited in "support"; this supervisor supervises it.
  db.insert(acdQueues)
    .values({ id: 'support', config: {} as never, createdAt: now, updatedAt: now })
    .run();
  db.insert(queueEntries)
    .values({ callId: call.id, queueId: 'support', priority: 0, skills: [], enqueuedAt: now })
    .run();
  const { user, headers } = await harness.signedIn('supervisor');
  db.insert(supervisorQueues).values({ userId: user.id, queueId: 'support', createdAt: now }).run();
  const search = (q: string) =>
    harness.app.inject({ method: 'GET', url: `/api/transcripts/search?q=${encodeURIComponent(q)}`, headers });

  t.same((await search('refund')).json().items, [], 'pending transcripts are not found');
  db.update(transcripts)
    .set({
      state: 'done',
      text: 'I would like a refund for my order [redacted] thank you',
      segments: [{ startMs: 0, endMs: 500, text: 'I' }],
      completedAt: now,
    })
    .where(eq(transcripts.id, row.id))
    .run();

  const hit = await search('REFUND order');
  t.equal(hit.statusCode, 200);
  t.match(hit.json().items, [{ transcriptId: row.id, callId: call.id, snippet: /\[refund\]/ }]);
  t.equal((await search('refu*')).json().items.length, 1, 'prefix search');
  const elsewhere = await harness.signedIn('supervisor');
  const theirs = await harness.app.inject({
    method: 'GET',
    url: '/api/transcripts/search?q=refund',
    headers: elsewhere.headers,
  });
  t.same(theirs.json().items, [], 'a supervisor of no queue of the call does not find it');
  const outOfScope = await harness.app.inject({
    method: 'GET',
    url: `/api/calls/${call.id}/transcripts`,
    headers: elsewhere.headers,
  });
  t.equal(outOfScope.statusCode, 403);
  t.equal(outOfScope.json().error, 'out_of_scope');
  t.equal((await search('refund pizza')).json().items.length, 0, 'every word must match');
  for (const nasty of ['"', 'refund OR', 'NEAR(a b)', '*', 'a:b', "'); drop table transcripts; --"]) {
    const res = await search(nasty);
    t.ok([200, 400].includes(res.statusCode), `${JSON.stringify(nasty)} answers ${res.statusCode}, not 500`);
  }
  t.equal((await search('   ')).statusCode, 400);

  const list = await harness.app.inject({ method: 'GET', url: `/api/calls/${call.id}/transcripts`, headers });
  t.equal(list.statusCode, 200);
  t.match(list.json().items, [{ id: row.id, recordingId: rec.id, recording: rec.name, state: 'done' }]);
  const agent = await harness.signedIn('agent');
  const refused = await harness.app.inject({
    method: 'GET',
    url: `/api/calls/${call.id}/transcripts`,
    headers: agent.headers,
  });
  t.equal(refused.statusCode, 403, 'an agent who did not answer the call may not read it');

  const jobs = await harness.app.inject({
    method: 'GET',
    url: '/api/transcription/jobs?state=failed',
    headers,
  });
  t.equal(jobs.statusCode, 503, 'no queue in this app: said plainly');
  t.equal(jobs.json().error, 'transcription_off');
});
