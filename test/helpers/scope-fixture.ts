import { eq } from 'drizzle-orm';
import type { Test } from 'tap';
import { AcdAdmin } from '../../cti/acd/acd-admin.js';
import type { DecisionTrace } from '../../cti/acd/engine/types.js';
import { acdOffers, queueEntries } from '../../cti/acd/schema.js';
import { ApiKeyStore } from '../../cti/auth/api-keys.js';
import type { Role } from '../../cti/auth/schema.js';
import { supervisorQueues } from '../../cti/auth/scope-schema.js';
import { calls } from '../../cti/calls/schema.js';
import { buildTestApp, type TestApp, type TestAppOverrides } from './app.js';

/**
 * Who the scope tests speak as. Every route × scope table iterates over these, in this order:
 * - admin: sees everything;
 * - supNorth / supSouth: supervisor users supervising only "north" / only "south";
 * - supNone: a supervisor user supervising no queue (sees no queue, agent or queued call);
 * - keyNorth: a supervisor API key scoped to "north";
 * - agentNorth / agentSouth: agent users linked to agent records "agent-north" / "agent-south".
 */
export const WHO = [
  'admin',
  'supNorth',
  'supSouth',
  'supNone',
  'keyNorth',
  'agentNorth',
  'agentSouth',
] as const;
export type Who = (typeof WHO)[number];

export interface ScopePerson {
  /** Its key in WHO, or the agent id for agents made with agentUser. */
  who: string;
  role: Role;
  /** Request headers carrying their session (users) or their key (the API key). */
  headers: Record<string, string>;
  /** Session token (users) or the API key itself. */
  token: string;
  /** users.id, or null for the API key. */
  userId: number | null;
  /** api_keys.id for the API key, else null. */
  apiKeyId: number | null;
  /** Login name (users) or key name: what audit entries and 403 messages name. */
  name: string;
  /** The agent record of an agent user, else null. */
  agentId: string | null;
}

export interface QueuedCallOptions {
  /** Queue the caller waited in. */
  queue: string;
  /** Agent who answered (an answered offer and an answered queue entry); omit for an abandoned call. */
  agent?: string;
  callerNumber?: string;
  /** When the call started, minutes before the fixture clock's now (default 5). */
  minutesAgo?: number;
  /** Offers the caller rang before the answer, each refused with outcome `no-answer`. */
  missedBy?: string[];
}

export interface ScopeFixture extends TestApp {
  /** The ACD admin service on the fixture's database and runtime (queues and agents applied live). */
  acdAdmin: AcdAdmin;
  people: Record<Who, ScopePerson>;
  /** Admin headers, the same as people.admin.headers. */
  asAdmin: Record<string, string>;
  /** Queue config used for north and south; pass to PUT /api/acd/queues/:id to make more. */
  queueConfig(name: string): Record<string, unknown>;
  /** A new agent user linked to a new agent record in `queues`. */
  agentUser(agentId: string, queues: string[]): Promise<ScopePerson>;
  /** Replaces the queues a supervisor user or supervisor API key watches (straight in the database). */
  supervise(target: { userId: number } | { apiKeyId: number }, queues: string[]): void;
  /**
   * A finished call that waited in `queue`: a calls row, a queue_entries row and the acd_offers
   * rows, as the ACD writes them. Returns the call id.
   */
  queuedCall(options: QueuedCallOptions): number;
  /** A finished call that never entered a queue (IVR only, or self-service). Returns the call id. */
  unqueuedCall(callerNumber?: string, minutesAgo?: number): number;
}

const QUEUE_CONFIG = (name: string) => ({
  name,
  requiredSkills: [],
  priority: 0,
  strategy: 'longest-idle' as const,
  serviceLevelSeconds: 20,
  wrapUpSeconds: 0,
  ringTimeoutSeconds: 10,
});

/** An offer trace as small as the engine could write it; routes show it, no test reads inside. */
function trace(callId: number, queueId: string, agentId: string, at: number): DecisionTrace {
  return {
    callId: String(callId),
    queueId,
    at,
    waitedMs: 0,
    basePriority: 0,
    agingBonus: 0,
    effectivePriority: 0,
    requirements: [],
    relaxed: [],
    strategy: 'longest-idle',
    plan: 'test fixture',
    considered: [{ agentId, rank: 'idle' }],
    skipped: [],
    notExamined: 0,
    winner: agentId,
    rule: 'test fixture',
  } as DecisionTrace;
}

/**
 * The app with queues "north" and "south" and one person per scope in WHO (see there), for
 * route × scope tables. Calls are made with queuedCall/unqueuedCall; nothing rings.
 */
export async function scopeFixture(t: Test, overrides: TestAppOverrides = {}): Promise<ScopeFixture> {
  const base = await buildTestApp(t, overrides);
  const db = base.database.db;
  const clock = base.clock;
  const acdAdmin = new AcdAdmin(db, base.deps.acd, clock.now);
  for (const id of ['north', 'south'])
    acdAdmin.putQueue(id, QUEUE_CONFIG(id[0]!.toUpperCase() + id.slice(1)), null);

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const supervise: ScopeFixture['supervise'] = (target, queues) => {
    db.transaction((tx) => {
      const column = 'userId' in target ? supervisorQueues.userId : supervisorQueues.apiKeyId;
      const id = 'userId' in target ? target.userId : target.apiKeyId;
      tx.delete(supervisorQueues).where(eq(column, id)).run();
      for (const queueId of queues)
        tx.insert(supervisorQueues)
          .values({ ...target, queueId, createdAt: clock.now() })
          .run();
    });
  };
  const userPerson = async (who: string, role: Role, username: string, agentId: string | null = null) => {
    const user = await base.createUser(role, { username });
    const token = base.sessionFor(user);
    return {
      who,
      role,
      headers: bearer(token),
      token,
      userId: user.id,
      apiKeyId: null,
      name: username,
      agentId,
    };
  };
  const agentUser = async (agentId: string, queues: string[], who: string = agentId) => {
    const person = await userPerson(who, 'agent', `user-${agentId}`, agentId);
    acdAdmin.putAgent(agentId, {
      name: `Agent ${agentId}`,
      skills: {},
      queues,
      device: `Local/${agentId}@switchboard-test-agent/n`,
      userId: person.userId,
    });
    return person;
  };

  const admin = await userPerson('admin', 'admin', 'admin-all');
  const supNorth = await userPerson('supNorth', 'supervisor', 'sup-north');
  const supSouth = await userPerson('supSouth', 'supervisor', 'sup-south');
  const supNone = await userPerson('supNone', 'supervisor', 'sup-none');
  supervise({ userId: supNorth.userId }, ['north']);
  supervise({ userId: supSouth.userId }, ['south']);
  const created = new ApiKeyStore(db, clock.now).create({
    name: 'wallboard-north',
    role: 'supervisor',
    createdBy: admin.userId,
  });
  supervise({ apiKeyId: created.record.id }, ['north']);
  const keyNorth: ScopePerson = {
    who: 'keyNorth',
    role: 'supervisor',
    headers: { 'x-api-key': created.key },
    token: created.key,
    userId: null,
    apiKeyId: created.record.id,
    name: 'wallboard-north',
    agentId: null,
  };
  const agentNorth = await agentUser('agent-north', ['north'], 'agentNorth');
  const agentSouth = await agentUser('agent-south', ['south'], 'agentSouth');

  let made = 0;
  const newCall = (callerNumber: string, minutesAgo: number) => {
    made += 1;
    const startedAt = new Date(clock.now().getTime() - minutesAgo * 60_000);
    const row = db
      .insert(calls)
      .values({
        channelId: `scope-chan-${made}`,
        callerNumber,
        callerName: null,
        dialedNumber: '600',
        startedAt,
        endedAt: new Date(startedAt.getTime() + 120_000),
        endedBy: 'caller',
        hangupCause: 16,
        hangupCauseText: 'Normal Clearing',
      })
      .returning()
      .get();
    return { id: row.id, at: startedAt.getTime() };
  };

  return {
    ...base,
    acdAdmin,
    people: { admin, supNorth, supSouth, supNone, keyNorth, agentNorth, agentSouth },
    asAdmin: admin.headers,
    queueConfig: QUEUE_CONFIG,
    agentUser: (agentId, queues) => agentUser(agentId, queues),
    supervise,
    queuedCall({ queue, agent, callerNumber = '+4930100', minutesAgo = 5, missedBy = [] }) {
      const call = newCall(callerNumber, minutesAgo);
      const enqueuedAt = call.at + 5_000;
      let offerAt = enqueuedAt + 1_000;
      const offer = (agentId: string, outcome: 'answered' | 'no-answer') => {
        db.insert(acdOffers)
          .values({
            id: `o-${call.id}-${agentId}-${offerAt}`,
            callId: call.id,
            queueId: queue,
            agentId,
            offeredAt: new Date(offerAt),
            outcome,
            outcomeAt: new Date(offerAt + 3_000),
            trace: trace(call.id, queue, agentId, offerAt),
          })
          .run();
        offerAt += 10_000;
      };
      for (const agentId of missedBy) offer(agentId, 'no-answer');
      if (agent) offer(agent, 'answered');
      db.insert(queueEntries)
        .values({
          callId: call.id,
          queueId: queue,
          priority: 0,
          skills: [],
          enqueuedAt: new Date(enqueuedAt),
          leftAt: new Date(offerAt),
          outcome: agent ? 'answered' : 'abandoned',
          agentId: agent ?? null,
        })
        .run();
      return call.id;
    },
    unqueuedCall(callerNumber = '+4930999', minutesAgo = 5) {
      return newCall(callerNumber, minutesAgo).id;
    },
  };
}
