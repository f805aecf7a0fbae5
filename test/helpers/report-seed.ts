import Database from 'better-sqlite3';

/**
 * A morning of stored ACD history for report tests, written straight into a running daemon's
 * database (WAL: the daemon keeps working): calls and their queue stays in two queues, offers,
 * and the state changes of two agents, all on `day` in a zone `offset` from UTC.
 */

interface Stay {
  queue: string;
  caller: string;
  /** Local clock times on the day: when the caller queued and left. */
  enqueued: string;
  left: string;
  outcome: 'answered' | 'abandoned' | 'overflow';
  agent?: string;
}

const STAYS: Stay[] = [
  {
    queue: 'support',
    caller: '5551001',
    enqueued: '09:00:00',
    left: '09:00:12',
    outcome: 'answered',
    agent: 'dana',
  },
  {
    queue: 'support',
    caller: '5551002',
    enqueued: '09:20:00',
    left: '09:20:40',
    outcome: 'answered',
    agent: 'erin',
  },
  { queue: 'support', caller: '5551003', enqueued: '09:40:00', left: '09:40:30', outcome: 'abandoned' },
  { queue: 'support', caller: '5551004', enqueued: '10:05:00', left: '10:05:03', outcome: 'abandoned' },
  // The first caller again within the repeat window: their first call was not resolved.
  {
    queue: 'support',
    caller: '5551001',
    enqueued: '10:30:00',
    left: '10:30:08',
    outcome: 'answered',
    agent: 'dana',
  },
  {
    queue: 'sales',
    caller: '5552001',
    enqueued: '09:10:00',
    left: '09:10:05',
    outcome: 'answered',
    agent: 'erin',
  },
  { queue: 'sales', caller: '5552002', enqueued: '11:00:00', left: '11:02:00', outcome: 'overflow' },
];

/** Each agent's day: [local time, new state, pause reason]. */
const STATES: Record<string, Array<[string, string, string?]>> = {
  dana: [
    ['08:55:00', 'available'],
    ['09:00:05', 'ringing'],
    ['09:00:12', 'on-call'],
    ['09:03:12', 'wrap-up'],
    ['09:03:42', 'available'],
    ['09:50:00', 'paused', 'break'],
    ['10:10:00', 'available'],
    ['10:30:02', 'ringing'],
    ['10:30:08', 'on-call'],
    ['10:35:08', 'wrap-up'],
    ['10:35:38', 'available'],
    ['12:00:00', 'logged-out'],
  ],
  erin: [
    ['09:00:00', 'available'],
    ['09:10:02', 'ringing'],
    ['09:10:05', 'on-call'],
    ['09:12:05', 'wrap-up'],
    ['09:12:35', 'available'],
    ['09:20:40', 'on-call'],
    ['09:26:40', 'wrap-up'],
    ['09:27:10', 'available'],
    ['11:00:00', 'paused', 'lunch'],
    ['11:45:00', 'available'],
    ['12:00:00', 'logged-out'],
  ],
};

export function seedReportDay(dbPath: string, day: string, offset: string): void {
  const at = (clock: string) => Date.parse(`${day}T${clock}${offset}`);
  const db = new Database(dbPath);
  db.pragma('busy_timeout = 5000');
  try {
    db.transaction(() => {
      const call = db.prepare(
        'INSERT INTO calls (channel_id, caller_number, started_at, answered_at, ended_at, ended_by) VALUES (?, ?, ?, ?, ?, ?)',
      );
      const stay = db.prepare(
        "INSERT INTO queue_entries (call_id, queue_id, priority, skills, enqueued_at, left_at, outcome, agent_id) VALUES (?, ?, 0, '[]', ?, ?, ?, ?)",
      );
      const offer = db.prepare(
        "INSERT INTO acd_offers (id, call_id, queue_id, agent_id, offered_at, outcome, outcome_at, trace) VALUES (?, ?, ?, ?, ?, ?, ?, '{}')",
      );
      const callIds = STAYS.map((s, i) => {
        const started = at(s.enqueued) - 10_000;
        const { lastInsertRowid } = call.run(
          `seed-${day}-${i}`,
          s.caller,
          started,
          started,
          at(s.left) + 120_000,
          'caller',
        );
        const callId = Number(lastInsertRowid);
        stay.run(callId, s.queue, at(s.enqueued), at(s.left), s.outcome, s.agent ?? null);
        if (s.agent)
          offer.run(
            `seed-offer-${day}-${i}`,
            callId,
            s.queue,
            s.agent,
            at(s.left) - 5000,
            'answered',
            at(s.left),
          );
        return callId;
      });
      // An offer erin let ring out before dana took the 10:30 call.
      offer.run(
        `seed-offer-${day}-missed`,
        callIds[4],
        'support',
        'erin',
        at('10:30:01'),
        'no-answer',
        at('10:30:02'),
      );
      const change = db.prepare(
        'INSERT INTO agent_state_log (agent_id, from_state, to_state, reason, at) VALUES (?, ?, ?, ?, ?)',
      );
      for (const [agent, steps] of Object.entries(STATES)) {
        let from = 'logged-out';
        for (const [clock, to, reason] of steps) {
          change.run(agent, from, to, reason ?? null, at(clock));
          from = to;
        }
      }
    })();
  } finally {
    db.close();
  }
}
