// A scripted contact-centre day, written through the same store calls the ACD makes (AcdStore,
// CallLog), so the report tests read rows exactly as live calls leave them. Every time below is
// Europe/Berlin summer time (+02:00) on 2025-06-10 unless it says otherwise.
//
// Queues: sales (service level 20 s), support (service level 30 s; callers waiting 60 s overflow to sales).
// Agents: anna (sales + support; skills english, german), ben (sales; english).
//
//   call  number     queue      entered   left      outcome           agent  talk  wrap-up
//   C1    +4930111   sales      09:00:00  09:00:10  answered (10 s)   anna   240   30
//   C2    +4930222   sales      09:10:00  09:10:25  answered (25 s)   ben    300   20 (ended early)
//   C3    +4930333   support    09:20:00  09:20:03  abandoned (3 s: short)
//   C4    +4930444   support    09:30:00  09:30:40  abandoned (40 s)
//   C5    +4930555   support    10:00:00  10:01:00  overflow (60 s) → sales
//                    sales      10:01:00  10:01:05  answered (5 s)    anna   120   30
//   C6    +4930111   sales      10:14:50  10:15:10  answered (20 s)   ben    300   30
//   C7    +4930777   sales      12:10:00  12:10:30  answered (30 s)   ben    120   30
//   C8    (none)     support*   14:00:00  14:00:15  answered (15 s)   anna   600   30
//   C9    +4930999   sales      15:00:00  15:00:08  answered (8 s)    anna   120   30   (ben rang 5 s, no answer)
//   C10   +4930111   support*   16:00:00  16:00:20  answered (20 s)   anna   300   30
//   * the caller asked for skill german.
//   Each call starts 5 s before it enters its first queue (the IVR greets first).
// The next day, calls that never reach a queue: C11 +4930222 at 2025-06-11 08:00 (22 h 50 min after C2
// began: a repeat), C12 +4930777 at 2025-06-11 13:00 (24 h 50 min after C7 began: outside 24 h).
//
// Agent states: both log in at 08:00 and out at 17:00. anna pauses for lunch 12:00-12:45,
// ben for training 13:50-14:20. Each offer reserves the agent a few seconds before the answer
// (see AGENT_DAY); wrap-up ends by itself after 30 s except ben's after C2, ended after 20 s.

import type { AcdAdmin } from '../../cti/acd/acd-admin.js';
import { AcdStore } from '../../cti/acd/call/acd-store.js';
import type { AgentState, AgentTransition, Offer } from '../../cti/acd/engine/types.js';
import { CallLog } from '../../cti/calls/call-log.js';
import type { Db } from '../../cti/infra/db/client.js';

export const DAY = '2025-06-10';
export const ZONE = 'Europe/Berlin';

/** A Berlin summer time on the scripted day (or another date). */
export const at = (hms: string, date = DAY) => new Date(`${date}T${hms}+02:00`);

export interface Stay {
  queue: 'sales' | 'support';
  entered: string;
  /** Unset: still waiting. */
  left?: string;
  outcome?: 'answered' | 'abandoned' | 'overflow' | 'removed';
  agent?: 'anna' | 'ben';
  skills?: string[];
  /** Refused by a full queue: written as the ACD does (AcdStore.turnedAway), at `entered`. */
  turnedAway?: true;
}

export interface ScriptedCall {
  key: string;
  number: string | null;
  stays: Stay[];
  /** When the caller hung up (unset: still on the line). */
  end?: string;
  /** Offers before the answer that failed: [agent, offered, failed]. */
  missed?: Array<[string, string, string]>;
  /** When the answering agent was reserved for the offer. */
  offered?: string;
}

export const CALLS: ScriptedCall[] = [
  {
    key: 'C1',
    number: '+4930111',
    stays: [{ queue: 'sales', entered: '09:00:00', left: '09:00:10', outcome: 'answered', agent: 'anna' }],
    offered: '09:00:02',
    end: '09:04:10',
  },
  {
    key: 'C2',
    number: '+4930222',
    stays: [{ queue: 'sales', entered: '09:10:00', left: '09:10:25', outcome: 'answered', agent: 'ben' }],
    offered: '09:10:20',
    end: '09:15:25',
  },
  {
    key: 'C3',
    number: '+4930333',
    stays: [{ queue: 'support', entered: '09:20:00', left: '09:20:03', outcome: 'abandoned' }],
    end: '09:20:03',
  },
  {
    key: 'C4',
    number: '+4930444',
    stays: [{ queue: 'support', entered: '09:30:00', left: '09:30:40', outcome: 'abandoned' }],
    end: '09:30:40',
  },
  {
    key: 'C5',
    number: '+4930555',
    stays: [
      { queue: 'support', entered: '10:00:00', left: '10:01:00', outcome: 'overflow' },
      { queue: 'sales', entered: '10:01:00', left: '10:01:05', outcome: 'answered', agent: 'anna' },
    ],
    offered: '10:01:01',
    end: '10:03:05',
  },
  {
    key: 'C6',
    number: '+4930111',
    stays: [{ queue: 'sales', entered: '10:14:50', left: '10:15:10', outcome: 'answered', agent: 'ben' }],
    offered: '10:15:05',
    end: '10:20:10',
  },
  {
    key: 'C7',
    number: '+4930777',
    stays: [{ queue: 'sales', entered: '12:10:00', left: '12:10:30', outcome: 'answered', agent: 'ben' }],
    offered: '12:10:25',
    end: '12:12:30',
  },
  {
    key: 'C8',
    number: null,
    stays: [
      {
        queue: 'support',
        entered: '14:00:00',
        left: '14:00:15',
        outcome: 'answered',
        agent: 'anna',
        skills: ['german'],
      },
    ],
    offered: '14:00:10',
    end: '14:10:15',
  },
  {
    key: 'C9',
    number: '+4930999',
    stays: [{ queue: 'sales', entered: '15:00:00', left: '15:00:08', outcome: 'answered', agent: 'anna' }],
    missed: [['ben', '15:00:01', '15:00:06']],
    offered: '15:00:07',
    end: '15:02:08',
  },
  {
    key: 'C10',
    number: '+4930111',
    stays: [
      {
        queue: 'support',
        entered: '16:00:00',
        left: '16:00:20',
        outcome: 'answered',
        agent: 'anna',
        skills: ['german'],
      },
    ],
    offered: '16:00:18',
    end: '16:05:20',
  },
];

/** Every state change of the day, per agent: [time, new state, reason]. */
export type AgentDay = Partial<Record<'anna' | 'ben', Array<[string, AgentState, string?]>>>;

export const AGENT_DAY: AgentDay = {
  anna: [
    ['08:00:00', 'available'],
    ['09:00:02', 'reserved'],
    ['09:00:03', 'ringing'],
    ['09:00:10', 'on-call'],
    ['09:04:10', 'wrap-up'],
    ['09:04:40', 'available', 'wrap-up over'],
    ['10:01:01', 'reserved'],
    ['10:01:02', 'ringing'],
    ['10:01:05', 'on-call'],
    ['10:03:05', 'wrap-up'],
    ['10:03:35', 'available', 'wrap-up over'],
    ['12:00:00', 'paused', 'lunch'],
    ['12:45:00', 'available'],
    ['14:00:10', 'reserved'],
    ['14:00:11', 'ringing'],
    ['14:00:15', 'on-call'],
    ['14:10:15', 'wrap-up'],
    ['14:10:45', 'available', 'wrap-up over'],
    ['15:00:07', 'reserved'],
    ['15:00:08', 'on-call'],
    ['15:02:08', 'wrap-up'],
    ['15:02:38', 'available', 'wrap-up over'],
    ['16:00:18', 'reserved'],
    ['16:00:19', 'ringing'],
    ['16:00:20', 'on-call'],
    ['16:05:20', 'wrap-up'],
    ['16:05:50', 'available', 'wrap-up over'],
    ['17:00:00', 'logged-out'],
  ],
  ben: [
    ['08:00:00', 'available'],
    ['09:10:20', 'reserved'],
    ['09:10:21', 'ringing'],
    ['09:10:25', 'on-call'],
    ['09:15:25', 'wrap-up'],
    ['09:15:45', 'available'],
    ['10:15:05', 'reserved'],
    ['10:15:06', 'ringing'],
    ['10:15:10', 'on-call'],
    ['10:20:10', 'wrap-up'],
    ['10:20:40', 'available', 'wrap-up over'],
    ['12:10:25', 'reserved'],
    ['12:10:26', 'ringing'],
    ['12:10:30', 'on-call'],
    ['12:12:30', 'wrap-up'],
    ['12:13:00', 'available', 'wrap-up over'],
    ['13:50:00', 'paused', 'training'],
    ['14:20:00', 'available'],
    ['15:00:01', 'reserved'],
    ['15:00:02', 'ringing'],
    ['15:00:06', 'available'],
    ['17:00:00', 'logged-out'],
  ],
};

export const QUEUE_BASE = {
  requiredSkills: [],
  priority: 0,
  strategy: 'longest-idle' as const,
  wrapUpSeconds: 30,
  ringTimeoutSeconds: 15,
};

/** An offer as the router hands it out; only what AcdStore.offered stores matters. */
function offer(id: string, callId: number, queueId: string, agentId: string, when: Date): Offer {
  return {
    offerId: id,
    callId: String(callId),
    queueId,
    agentId,
    createdAt: when.getTime(),
    ringDeadline: when.getTime() + 15_000,
    attempt: 1,
    waitedMs: 0,
    effectivePriority: 0,
    trace: {
      callId: String(callId),
      queueId,
      at: when.getTime(),
      waitedMs: 0,
      basePriority: 0,
      agingBonus: 0,
      effectivePriority: 0,
      requirements: [],
      relaxed: [],
      strategy: 'longest-idle',
      plan: 'scripted day',
      considered: [{ agentId, rank: 'scripted' }],
      skipped: [],
      notExamined: 0,
      winner: agentId,
      rule: 'scripted day',
    },
  };
}

/** Creates the queues and agents (through the ACD admin, as the API does). */
export function setUpQueuesAndAgents(admin: AcdAdmin): void {
  admin.putQueue('sales', { name: 'Sales', serviceLevelSeconds: 20, ...QUEUE_BASE }, null);
  admin.putQueue(
    'support',
    {
      name: 'Support',
      serviceLevelSeconds: 30,
      maxWaitSeconds: 60,
      overflow: { kind: 'queue', target: 'sales' },
      ...QUEUE_BASE,
    },
    null,
  );
  admin.putAgent('anna', { name: 'Anna', skills: { english: 5, german: 8 }, queues: ['sales', 'support'] });
  admin.putAgent('ben', { name: 'Ben', skills: { english: 7 }, queues: ['sales'] });
}

/** Writes the scripted day's calls, queue stays, offers and agent states; returns call ids by key. */
export function writeScriptedDay(db: Db): Map<string, number> {
  const ids = writeCalls(db, CALLS, AGENT_DAY, DAY);
  const log = new CallLog(db);
  for (const [key, number, day, hms] of [
    ['C11', '+4930222', '2025-06-11', '08:00:00'],
    ['C12', '+4930777', '2025-06-11', '13:00:00'],
  ] as const) {
    const row = log.recordStart({
      channelId: `scripted-${key}`,
      callerNumber: number,
      callerName: null,
      dialedNumber: '600',
      startedAt: at(hms, day),
    });
    ids.set(key, row.id);
  }
  return ids;
}

/** Writes calls and agent states of one day through the ACD's own store calls; returns call ids by key. */
export function writeCalls(
  db: Db,
  calls: readonly ScriptedCall[],
  agentDay: AgentDay,
  date: string,
): Map<string, number> {
  const store = new AcdStore(db);
  const log = new CallLog(db);
  const ids = new Map<string, number>();
  let offers = 0;
  const on = (hms: string) => at(hms, date);
  const later = (hms: string, seconds: number) => new Date(on(hms).getTime() + seconds * 1000);

  for (const call of calls) {
    const first = call.stays[0]!;
    const channelId = `scripted-${call.key}`;
    const startedAt = later(first.entered, -5);
    const row = log.recordStart({
      channelId,
      callerNumber: call.number,
      callerName: null,
      dialedNumber: '600',
      startedAt,
    });
    log.recordAnswer(channelId, startedAt);
    ids.set(call.key, row.id);
    for (const [agentId, offeredAt, failedAt] of call.missed ?? []) {
      const id = `scripted-${call.key}-o${++offers}`;
      store.offered(offer(id, row.id, first.queue, agentId, on(offeredAt)), row.id);
      store.offerOutcome(id, 'no-answer', on(failedAt));
    }
    for (const stay of call.stays) {
      if (stay.turnedAway) {
        store.turnedAway(row.id, stay.queue, 0, [], 'overflow', on(stay.entered));
        continue;
      }
      store.enter(
        row.id,
        stay.queue,
        0,
        (stay.skills ?? []).map((skill) => ({ skill, minLevel: 1 })),
        on(stay.entered),
      );
      if (stay.left === undefined || stay.outcome === undefined) continue;
      if (stay.outcome === 'answered' && stay.agent && call.offered) {
        const id = `scripted-${call.key}-o${++offers}`;
        store.offered(offer(id, row.id, stay.queue, stay.agent, on(call.offered)), row.id);
        store.offerOutcome(id, 'answered', on(stay.left));
      }
      store.leave(row.id, stay.outcome, on(stay.left), stay.agent);
    }
    if (call.end === undefined) continue;
    log.recordEnd(channelId, {
      at: on(call.end),
      cause: 16,
      causeText: 'Normal Clearing',
      endedBy: 'caller',
    });
  }

  for (const [agentId, changes] of Object.entries(agentDay)) {
    let from: AgentState = 'logged-out';
    const list: AgentTransition[] = changes.map(([hms, to, reason]) => {
      const t: AgentTransition = { agentId, from, to, at: on(hms).getTime(), ...(reason ? { reason } : {}) };
      from = to;
      return t;
    });
    store.transitions(list);
  }
  return ids;
}
