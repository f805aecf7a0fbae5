import type { Principal } from '../auth/access.js';
import { accessScope } from '../auth/scope.js';
import type { ReportSettings } from '../config/settings.js';
import { badRequest } from '../http/errors.js';
import type { Db } from '../infra/db/client.js';
import { type AgentFigures, agentFigures } from './agent-figures.js';
import { agentSpans } from './agent-spans.js';
import { type CallFact, callFacts } from './call-facts.js';
import { RepeatCallers, repeatKey } from './first-contact.js';
import { bucketsOf } from './intervals.js';
import { type PauseFigures, pauseFigures } from './pause-figures.js';
import { type QueueFigures, queueFigures } from './queue-figures.js';
import { ReportLoader } from './report-loader.js';
import { type ReportRange, reportRange } from './report-range.js';
import type { CountingRules, EntryRow } from './report-rows.js';
import { queueReportQueues, type ReportFilters, reportAgents } from './report-scope.js';
import { DAY_MS, formatLocal, HOUR_MS } from './zone-clock.js';

/** A report request: range, interval, filters, and the counting rules it may override. */
export interface ReportRequest extends ReportFilters {
  from?: string;
  to?: string;
  interval?: string;
  shortAbandonSeconds?: number;
  repeatCallWindowHours?: number;
}

export type ReportKind = 'queues' | 'agents' | 'pauses';

/** What a report was computed over, returned with its rows. */
export interface ReportMeta {
  report: ReportKind;
  timeZone: string;
  from: string;
  to: string;
  interval: string;
  shortAbandonSeconds: number;
  repeatCallWindowHours: number;
  /** The instant states still lasting were counted up to. */
  generatedAt: string;
}

/** A row with its interval as local times with offsets instead of epoch ms. */
export type Dated<T extends { start: number; end: number }> = Omit<T, 'start' | 'end'> & {
  start: string;
  end: string;
};

export interface Report<T extends { start: number; end: number }> extends ReportMeta {
  rows: Array<Dated<T>>;
}

/** The most rows one report holds; a larger one is refused with a sentence saying how to narrow it. */
export const MAX_ROWS = 100_000;
/** How far past the range (or a call's answer) state changes are read to see a call's handling end. */
const HANDLING_LOOKAHEAD_MS = DAY_MS;

/** Historical reports from the stored ACD events: reads, checks scope, computes; knows no HTTP. */
export class ReportService {
  private readonly loader: ReportLoader;

  constructor(
    private readonly db: Db,
    private readonly settings: ReportSettings,
    private readonly clock: () => Date,
  ) {
    this.loader = new ReportLoader(db);
  }

  queues(principal: Principal, request: ReportRequest): Report<QueueFigures> {
    const scope = accessScope(this.db, principal);
    const allQueues = this.loader.queues();
    const queues = queueReportQueues(request, allQueues, scope, principal);
    const { range, rules, now, meta } = this.prepare('queues', request);
    const buckets = bucketsOf(this.settings.timeZone, range.interval, range.from, range.to);
    if (queues.length * buckets.length > MAX_ROWS) throw tooMany(queues.length * buckets.length);
    const skill = request.skill;
    const entries = this.loader
      .entriesEnqueued(
        queues.map((q) => q.id),
        range.from,
        range.to,
      )
      .filter(
        (e) =>
          skill === undefined ||
          e.skills.includes(skill) ||
          queues.find((q) => q.id === e.queueId)?.requiredSkills.includes(skill),
      );
    const facts = this.facts(entries, range, rules);
    return this.dated(meta, queueFigures(queues, facts, buckets, now));
  }

  agents(principal: Principal, request: ReportRequest): Report<AgentFigures> {
    const scope = accessScope(this.db, principal);
    const { agents, callQueues } = reportAgents(
      request,
      this.loader.agents(),
      this.loader.queues(),
      scope,
      principal,
    );
    const { range, rules, now, meta } = this.prepare('agents', request);
    const buckets = bucketsOf(this.settings.timeZone, range.interval, range.from, range.to);
    const ids = agents.map((a) => a.id);
    const entries = this.loader.entriesAnswered(ids, callQueues, range.from, range.to);
    const answered = this.facts(entries, range, rules);
    const spans = agentSpans(this.loader.stateChanges(ids, range.from, range.to));
    const offers = this.loader.offers(ids, callQueues, range.from, range.to);
    const rows = agentFigures({ agents, answered, offers, spans, buckets, now });
    if (rows.length > MAX_ROWS) throw tooMany(rows.length);
    return this.dated(meta, rows);
  }

  pauses(principal: Principal, request: ReportRequest): Report<PauseFigures> {
    const scope = accessScope(this.db, principal);
    const { agents } = reportAgents(request, this.loader.agents(), this.loader.queues(), scope, principal);
    const { range, now, meta } = this.prepare('pauses', request);
    const buckets = bucketsOf(this.settings.timeZone, range.interval, range.from, range.to);
    const spans = agentSpans(
      this.loader.stateChanges(
        agents.map((a) => a.id),
        range.from,
        range.to,
      ),
    );
    const rows = pauseFigures(agents, spans, buckets, now);
    if (rows.length > MAX_ROWS) throw tooMany(rows.length);
    return this.dated(meta, rows);
  }

  /** Stays with their handling (from the answering agents' state changes) and FCR (from later calls). */
  private facts(entries: EntryRow[], range: ReportRange, rules: CountingRules): CallFact[] {
    const answered = entries.filter((e) => e.outcome === 'answered' && e.agentId !== null);
    const agentIds = [...new Set(answered.map((e) => e.agentId as string))];
    const lastAnswer = answered.reduce((latest, e) => Math.max(latest, e.leftAt ?? 0), range.to);
    const spans = agentSpans(
      this.loader.stateChanges(agentIds, range.from, lastAnswer + HANDLING_LOOKAHEAD_MS),
    );
    const numbered = answered.filter((e) => repeatKey(e.callerNumber) !== null);
    const numbers = [...new Set(numbered.map((e) => e.callerNumber as string))];
    const first = numbered.reduce((t, e) => Math.min(t, e.callStartedAt), Number.POSITIVE_INFINITY);
    const last = numbered.reduce((t, e) => Math.max(t, e.callStartedAt), Number.NEGATIVE_INFINITY);
    const later =
      numbers.length === 0 ? [] : this.loader.callsFrom(numbers, first, last + rules.repeatWindowMs);
    const earlier =
      numbers.length === 0 ? [] : this.loader.answeredCallsFrom(numbers, first - rules.repeatWindowMs, last);
    return callFacts(entries, spans, new RepeatCallers(later, earlier, rules.repeatWindowMs), rules);
  }

  private prepare(report: ReportKind, request: ReportRequest) {
    const zone = this.settings.timeZone;
    const now = this.clock().getTime();
    const range = reportRange(request, zone, now);
    if (request.skill !== undefined && !this.loader.skillKnown(request.skill))
      throw badRequest(
        `unknown skill "${request.skill}" (no agent has it, no queue requires it, no caller asked for it)`,
      );
    const shortAbandonSeconds = request.shortAbandonSeconds ?? this.settings.shortAbandonSeconds;
    const repeatCallWindowHours = request.repeatCallWindowHours ?? this.settings.repeatCallWindowHours;
    const rules: CountingRules = {
      shortAbandonMs: shortAbandonSeconds * 1000,
      repeatWindowMs: repeatCallWindowHours * HOUR_MS,
    };
    const meta: ReportMeta = {
      report,
      timeZone: zone,
      from: formatLocal(zone, range.from),
      to: formatLocal(zone, range.to),
      interval: range.interval,
      shortAbandonSeconds,
      repeatCallWindowHours,
      generatedAt: formatLocal(zone, now),
    };
    return { range, rules, now, meta };
  }

  private dated<T extends { start: number; end: number }>(meta: ReportMeta, rows: T[]): Report<T> {
    const zone = this.settings.timeZone;
    const labels = new Map<number, string>();
    const label = (t: number) => {
      let text = labels.get(t);
      if (text === undefined) {
        text = formatLocal(zone, t);
        labels.set(t, text);
      }
      return text;
    };
    return { ...meta, rows: rows.map((row) => ({ ...row, start: label(row.start), end: label(row.end) })) };
  }
}

function tooMany(rows: number): Error {
  return badRequest(
    `the report would have ${rows} rows (at most ${MAX_ROWS}): use a longer interval, a shorter range or fewer queues or agents`,
  );
}
