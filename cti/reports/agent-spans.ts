import type { AgentState } from '../acd/engine/types.js';
import type { StateChange } from './report-rows.js';

/** A stretch of time an agent spent in one state (a pause: with one reason). */
export interface StateSpan {
  agentId: string;
  state: AgentState;
  reason: string | null;
  start: number;
  /** Null: still in that state as far as the stored log goes. */
  end: number | null;
}

/**
 * Each agent's state spans from their state changes, oldest first. The first change read may lie
 * before the report range (the state the agent was in when it began); an agent with no change
 * before it is taken as logged out until their first one. Only the new state of each change is
 * trusted: a missing row cannot shift every later span.
 */
export function agentSpans(changes: readonly StateChange[]): Map<string, StateSpan[]> {
  const byAgent = new Map<string, StateChange[]>();
  for (const c of changes) {
    let list = byAgent.get(c.agentId);
    if (!list) {
      list = [];
      byAgent.set(c.agentId, list);
    }
    list.push(c);
  }
  const spans = new Map<string, StateSpan[]>();
  for (const [agentId, list] of byAgent) {
    const ordered = [...list].sort((a, b) => a.at - b.at);
    const mine: StateSpan[] = [];
    ordered.forEach((c, i) => {
      const next = ordered[i + 1];
      mine.push({ agentId, state: c.to, reason: c.reason, start: c.at, end: next ? next.at : null });
    });
    spans.set(agentId, merged(mine.filter((s) => s.end === null || s.end > s.start)));
  }
  return spans;
}

/**
 * Neighbouring spans in one state joined into one: a daemon restart re-logs each agent's state
 * (on-call after a zero-length `available`, or the same pause again), which must not split a call's
 * talk or count a pause twice. Pauses join only with the same reason (the pause report splits by
 * it); other states keep the first span's reason.
 */
function merged(spans: readonly StateSpan[]): StateSpan[] {
  const out: StateSpan[] = [];
  for (const span of spans) {
    const last = out[out.length - 1];
    const same = last?.state === span.state && (span.state !== 'paused' || last.reason === span.reason);
    if (last && same && last.end === span.start) last.end = span.end;
    else out.push({ ...span });
  }
  return out;
}

/** Where a span ends for time figures: its end, or `now` while it lasts. */
export function spanEnd(span: StateSpan, now: number): number {
  return span.end ?? Math.max(span.start, now);
}
