import Database from 'better-sqlite3';

/**
 * What a daemon stored about its queue stays and one agent's states, read straight from its
 * database (read-only) and measured without the report code, for live report tests.
 */

export interface StoredStay {
  callId: number;
  waitMs: number;
  outcome: string;
}

export interface StoredHandling {
  talkMs: number;
  wrapMs: number;
}

export interface StoredAgentDay {
  stays: StoredStay[];
  /** Handling of each answered stay, in stay order: on-call at the answer, then wrap-up. */
  handling: StoredHandling[];
  /** Milliseconds in each state from the first transition to the last. */
  inState: Record<string, number>;
  /** Milliseconds paused for each reason, and how many pauses. */
  pauses: Record<string, { ms: number; count: number }>;
}

export function storedAgentDay(dbPath: string, agentId: string): StoredAgentDay {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const entries = db
      .prepare('select call_id, enqueued_at, left_at, outcome from queue_entries order by id')
      .all() as Array<{ call_id: number; enqueued_at: number; left_at: number; outcome: string }>;
    const states = db
      .prepare('select to_state, reason, at from agent_state_log where agent_id = ? order by at, id')
      .all(agentId) as Array<{ to_state: string; reason: string | null; at: number }>;
    const inState: Record<string, number> = {};
    const pauses: Record<string, { ms: number; count: number }> = {};
    states.slice(0, -1).forEach((s, i) => {
      const ms = (states[i + 1] as (typeof states)[number]).at - s.at;
      inState[s.to_state] = (inState[s.to_state] ?? 0) + ms;
      if (s.to_state === 'paused') {
        const reason = s.reason ?? 'unspecified';
        const p = pauses[reason] ?? { ms: 0, count: 0 };
        pauses[reason] = { ms: p.ms + ms, count: p.count + 1 };
      }
    });
    const handling = entries
      .filter((e) => e.outcome === 'answered')
      .map((e) => {
        // The agent goes on-call the moment the ACD records the answer.
        const i = states.findIndex((s) => s.to_state === 'on-call' && s.at === e.left_at);
        const [talk, wrap, after] = [states[i], states[i + 1], states[i + 2]];
        if (!talk || wrap?.to_state !== 'wrap-up' || !after) {
          throw new Error(`call ${e.call_id}: no on-call, wrap-up, next state at its answer`);
        }
        return { talkMs: wrap.at - talk.at, wrapMs: after.at - wrap.at };
      });
    return {
      stays: entries.map((e) => ({
        callId: e.call_id,
        waitMs: e.left_at - e.enqueued_at,
        outcome: e.outcome,
      })),
      handling,
      inState,
      pauses,
    };
  } finally {
    db.close();
  }
}

/** Seconds to the millisecond, a mean to 2 decimals, a percentage to 2 decimals (as the API rounds). */
export const secs = (ms: number) => ms / 1000;
const round2 = (x: number) => Math.round((x + Number.EPSILON) * 100) / 100;
export const mean = (ms: number[]) => round2(ms.reduce((a, b) => a + b, 0) / ms.length / 1000);
export const pct = (part: number, whole: number) => round2((part * 100) / whole);
export const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
