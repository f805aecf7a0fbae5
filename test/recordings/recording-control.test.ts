// Pause/resume of call recordings in process: who may, what is stored, and that a refused or
// failed request leaves the markers as they were. Asterisk is a fake that keeps live recording
// states the way res_stasis_recording does (a second pause is a no-op there; we refuse it).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import t, { type Test } from 'tap';
import type { DecisionTrace } from '../../cti/acd/engine/types.js';
import { acdOffers, acdQueues, agents, callRecordings, queueEntries } from '../../cti/acd/schema.js';
import { supervisorQueues } from '../../cti/auth/scope-schema.js';
import { calls } from '../../cti/calls/schema.js';
import { AriRequestError } from '../../cti/infra/ari/errors.js';
import type { AriLiveRecording, AriRest } from '../../cti/infra/ari/types.js';
import { buildTestApp, type TestApp, TestClock } from '../helpers/app.js';
import { wav } from './fixtures/wav.js';

/** Live recordings by name, as ARI reports them; requests are logged in order. */
class FakeAsterisk {
  readonly states = new Map<string, AriLiveRecording['state']>();
  readonly requests: string[] = [];
  /** The next pause/unpause fails with this error. */
  failNext: Error | null = null;

  readonly rest = {
    getLiveRecording: async (name: string): Promise<AriLiveRecording | null> => {
      this.requests.push(`get ${name}`);
      const state = this.states.get(name);
      return state ? { name, format: 'wav', state, target_uri: 'bridge:x' } : null;
    },
    pauseLiveRecording: async (name: string) => this.operate('pause', name, 'paused'),
    unpauseLiveRecording: async (name: string) => this.operate('unpause', name, 'recording'),
  } as unknown as AriRest;

  private operate(op: string, name: string, to: AriLiveRecording['state']): void {
    this.requests.push(`${op} ${name}`);
    const failure = this.failNext;
    this.failNext = null;
    if (failure) throw failure;
    if (!this.states.has(name)) throw new AriRequestError(`recordings.${op}`, 'Recording not found', true);
    this.states.set(name, to);
  }
}

interface Fixture {
  harness: TestApp;
  asterisk: FakeAsterisk;
  spool: string;
  callId: number;
  recording: string;
  agentHeaders: Record<string, string>;
  otherAgentHeaders: Record<string, string>;
  supervisorHeaders: Record<string, string>;
}

/** The call waits in queue "support" (supervisors of that queue may act on it). */
function queued(harness: TestApp, callId: number): void {
  harness.database.db
    .insert(queueEntries)
    .values({ callId, queueId: 'support', priority: 0, skills: [], enqueuedAt: harness.clock.now() })
    .run();
}

/**
 * A call that waited in queue "support" answered by agent "alice" (linked to a user), recorded
 * and live in the fake Asterisk; the supervisor supervises "support".
 */
async function answeredCall(t: Test, options: { asteriskGone?: boolean } = {}): Promise<Fixture> {
  const clock = new TestClock(new Date('2026-03-02T10:00:00.000Z'));
  const asterisk = new FakeAsterisk();
  // In the test's fixture directory, made after buildTestApp (which creates that directory afresh).
  const spool = join(t.testdirName, 'spool');
  const ari = {
    status: () => ({ state: 'connected' as const, since: clock.now(), lastError: null, reconnects: 0 }),
    rest: asterisk.rest,
  };
  const harness = await buildTestApp(t, {
    clock,
    env: { SWITCHBOARD_ASTERISK_SPOOL_DIR: spool },
    deps: { ari },
  });
  mkdirSync(join(spool, 'recording'), { recursive: true });
  const db = harness.database.db;
  const now = clock.now();
  const agentUser = await harness.signedIn('agent');
  const other = await harness.signedIn('agent');
  const supervisor = await harness.signedIn('supervisor');
  const call = db.insert(calls).values({ channelId: 'caller-1', startedAt: now }).returning().get();
  // The call waited in "support", the queue the supervisor supervises.
  db.insert(acdQueues)
    .values({ id: 'support', config: {} as never, createdAt: now, updatedAt: now })
    .run();
  db.insert(supervisorQueues)
    .values({ userId: supervisor.user.id, queueId: 'support', createdAt: now })
    .run();
  queued(harness, call.id);
  for (const [id, userId] of [
    ['alice', agentUser.user.id],
    ['bob', other.user.id],
  ] as const) {
    db.insert(agents)
      .values({
        id,
        userId,
        name: id,
        skills: {},
        queues: [],
        state: 'on-call',
        stateSince: now,
        createdAt: now,
        updatedAt: now,
      })
      .run();
  }
  const trace: DecisionTrace = {
    callId: String(call.id),
    queueId: 'support',
    at: now.getTime(),
    waitedMs: 0,
    basePriority: 0,
    agingBonus: 0,
    effectivePriority: 0,
    requirements: [],
    relaxed: [],
    strategy: 'longest-idle',
    plan: 'test',
    considered: [],
    skipped: [],
    notExamined: 0,
    rule: 'test',
  };
  // Bob was offered the call first and let it ring: only Alice answered.
  db.insert(acdOffers)
    .values([
      {
        id: 'o1',
        callId: call.id,
        queueId: 'support',
        agentId: 'bob',
        offeredAt: now,
        outcome: 'no-answer',
        trace,
      },
      {
        id: 'o2',
        callId: call.id,
        queueId: 'support',
        agentId: 'alice',
        offeredAt: now,
        outcome: 'answered',
        trace,
      },
    ])
    .run();
  const recording = `call-${call.id}-${now.getTime()}`;
  db.insert(callRecordings)
    .values({ callId: call.id, name: recording, format: 'wav', startedAt: now, markers: [] })
    .run();
  if (!options.asteriskGone) asterisk.states.set(recording, 'recording');
  return {
    harness,
    asterisk,
    spool,
    callId: call.id,
    recording,
    agentHeaders: agentUser.headers,
    otherAgentHeaders: other.headers,
    supervisorHeaders: supervisor.headers,
  };
}

const post = (f: Fixture, kind: 'pause' | 'resume', headers: Record<string, string>, payload?: unknown) =>
  f.harness.app.inject({
    method: 'POST',
    url: `/api/calls/${f.callId}/recording/${kind}`,
    headers,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });

const storedMarkers = (f: Fixture) =>
  f.harness.database.db
    .select({ markers: callRecordings.markers })
    .from(callRecordings)
    .where(eq(callRecordings.name, f.recording))
    .get()?.markers;

t.test('the agent who answered pauses and resumes; both markers are stored with offsets', async (t) => {
  const f = await answeredCall(t);
  f.harness.clock.advance(12_000);
  const paused = await post(f, 'pause', f.agentHeaders, { reason: 'card number' });
  t.equal(paused.statusCode, 200, paused.body);
  t.match(paused.json(), {
    marker: { kind: 'pause', offsetMs: 12_000, reason: 'card number', by: /^user:agent/ },
    recording: { name: f.recording, state: 'paused' },
  });
  t.equal(f.asterisk.states.get(f.recording), 'paused', 'Asterisk was asked to pause');

  f.harness.clock.advance(20_000);
  // No body at all is fine: the reason is optional.
  const resumed = await post(f, 'resume', f.agentHeaders);
  t.equal(resumed.statusCode, 200, resumed.body);
  t.match(resumed.json(), {
    marker: { kind: 'resume', offsetMs: 12_000 },
    recording: { state: 'recording', pausedMs: 20_000 },
  });
  t.equal(f.asterisk.states.get(f.recording), 'recording');
  t.same(
    storedMarkers(f)?.map((m) => [m.kind, m.at, 'offsetMs' in m ? m.offsetMs : undefined]),
    [
      ['pause', '2026-03-02T10:00:12.000Z', 12_000],
      ['resume', '2026-03-02T10:00:32.000Z', 12_000],
    ],
  );
  t.same(
    f.harness.deps.audit.list({ action: 'recording.pause', limit: 5, offset: 0 }).map((r) => r.target),
    [`call:${f.callId}`],
    'the pause is in the audit log',
  );
});

t.test('an agent who did not answer the call gets 403 and nothing changes', async (t) => {
  const f = await answeredCall(t);
  for (const kind of ['pause', 'resume'] as const) {
    const res = await post(f, kind, f.otherAgentHeaders, {});
    t.equal(res.statusCode, 403, `${kind}: ${res.body}`);
    t.match(res.json(), { error: 'forbidden', message: new RegExp(`agent who answered call ${f.callId}`) });
  }
  const list = await f.harness.app.inject({
    method: 'GET',
    url: `/api/calls/${f.callId}/recordings`,
    headers: f.otherAgentHeaders,
  });
  t.equal(list.statusCode, 403, 'nor may they list its recordings');
  const agentKey = f.harness.apiKey('agent');
  const byKey = await post(f, 'pause', { 'x-api-key': agentKey }, {});
  t.equal(byKey.statusCode, 403, 'an agent-role API key is nobody on the call');
  t.same(storedMarkers(f), [], 'no marker stored');
  t.same(f.asterisk.requests, [], 'Asterisk was not asked');
  t.ok(
    f.harness.deps.audit.list({ action: 'access.denied', limit: 10, offset: 0 }).length >= 1,
    'the denial is audited',
  );
});

t.test("a supervisor of the call's queue may pause it; a supervisor of other queues may not", async (t) => {
  const f = await answeredCall(t);
  const elsewhere = await f.harness.signedIn('supervisor');
  const refused = await post(f, 'pause', elsewhere.headers, {});
  t.equal(refused.statusCode, 403, refused.body);
  t.match(refused.json(), { error: 'out_of_scope', message: new RegExp(`call ${f.callId}`) });
  t.same(storedMarkers(f), [], 'nothing stored');
  t.same(f.asterisk.requests, [], 'Asterisk was not asked');
  const res = await post(f, 'pause', f.supervisorHeaders, {});
  t.equal(res.statusCode, 200, res.body);
  t.match(res.json(), { marker: { by: /^user:supervisor/ } });
});

t.test(
  'refusals: unknown call, twice paused, not paused, vanished, ended; markers never change',
  async (t) => {
    const f = await answeredCall(t);
    const unknown = await f.harness.app.inject({
      method: 'POST',
      url: '/api/calls/424242/recording/pause',
      headers: f.supervisorHeaders,
      payload: {},
    });
    t.equal(unknown.statusCode, 404);
    t.match(unknown.json(), { error: 'not_found', message: 'call 424242 not found' });

    const notPaused = await post(f, 'resume', f.agentHeaders, {});
    t.equal(notPaused.statusCode, 409);
    t.match(notPaused.json(), { error: 'not_paused' });
    t.same(storedMarkers(f), []);

    t.equal((await post(f, 'pause', f.agentHeaders, {})).statusCode, 200);
    const before = storedMarkers(f);
    const twice = await post(f, 'pause', f.agentHeaders, {});
    t.equal(twice.statusCode, 409);
    t.match(twice.json(), { error: 'already_paused', message: /already paused \(since .*by user:agent/ });
    t.same(storedMarkers(f), before, 'second pause stored nothing');

    // Asterisk lost it (a restart, a failed disk): say so, store nothing.
    f.asterisk.states.delete(f.recording);
    const vanished = await post(f, 'resume', f.agentHeaders, {});
    t.equal(vanished.statusCode, 409);
    t.match(vanished.json(), { error: 'recording_gone', message: /no longer has live recording/ });
    t.same(storedMarkers(f), before);

    // It vanishes between our look and the pause request.
    f.asterisk.states.set(f.recording, 'paused');
    f.asterisk.failNext = new AriRequestError('recordings.unpause', 'Recording not found', true);
    const raced = await post(f, 'resume', f.agentHeaders, {});
    t.equal(raced.statusCode, 409);
    t.match(raced.json(), { error: 'recording_gone' });
    t.same(storedMarkers(f), before);

    f.asterisk.failNext = new AriRequestError('recordings.unpause', 'Internal Server Error', false);
    const failed = await post(f, 'resume', f.agentHeaders, {});
    t.equal(failed.statusCode, 502);
    t.match(failed.json(), { error: 'asterisk_error', message: /Asterisk refused to resume/ });
    t.same(storedMarkers(f), before);

    f.harness.database.db
      .update(calls)
      .set({ endedAt: f.harness.clock.now() })
      .where(eq(calls.id, f.callId))
      .run();
    const ended = await post(f, 'resume', f.agentHeaders, {});
    t.equal(ended.statusCode, 409);
    t.match(ended.json(), { error: 'no_live_recording', message: /has no live recording: the call ended/ });
    t.same(storedMarkers(f), before);
  },
);

t.test('a call nobody answered yet has no recording to pause', async (t) => {
  const f = await answeredCall(t);
  const db = f.harness.database.db;
  const waiting = db
    .insert(calls)
    .values({ channelId: 'caller-2', startedAt: f.harness.clock.now() })
    .returning()
    .get();
  queued(f.harness, waiting.id);
  const res = await f.harness.app.inject({
    method: 'POST',
    url: `/api/calls/${waiting.id}/recording/pause`,
    headers: f.supervisorHeaders,
  });
  t.equal(res.statusCode, 409);
  t.match(res.json(), { error: 'no_live_recording', message: /no agent has answered it yet/ });
});

t.test('quick double clicks: one pause succeeds, the other is refused', async (t) => {
  const f = await answeredCall(t);
  const [a, b] = await Promise.all([
    post(f, 'pause', f.agentHeaders, {}),
    post(f, 'pause', f.agentHeaders, {}),
  ]);
  t.same([a.statusCode, b.statusCode].sort(), [200, 409]);
  t.equal(storedMarkers(f)?.length, 1);
});

t.test('the list shows markers, file size and duration from the WAV in the spool', async (t) => {
  const f = await answeredCall(t);
  f.harness.clock.advance(3_000);
  await post(f, 'pause', f.agentHeaders, {});
  // 2.5 s of 8 kHz 16-bit mono, the way Asterisk writes wav (header sizes filled in at close).
  writeFileSync(join(f.spool, 'recording', `${f.recording}.wav`), wav(8000, 2, 20_000));
  const res = await f.harness.app.inject({
    method: 'GET',
    url: `/api/calls/${f.callId}/recordings`,
    headers: f.agentHeaders,
  });
  t.equal(res.statusCode, 200, res.body);
  t.match(res.json(), {
    items: [
      {
        name: f.recording,
        file: `${f.recording}.wav`,
        state: 'paused',
        sizeBytes: 44 + 40_000,
        durationMs: 2_500,
        markers: [{ kind: 'pause', offsetMs: 3_000 }],
      },
    ],
  });
  t.equal(res.json().items.length, 1);
});
