import type { AuditLog } from '../audit/audit-log.js';
import { actorOf } from '../audit/audit-log.js';
import type { Principal } from './access.js';

/** One denial per caller and route is worth recording; a script retrying in a loop is not worth a thousand rows. */
const QUIET_PERIOD_MS = 10 * 60_000;
const MAX_REMEMBERED = 1_000;

/** Records signed-in callers who reach for a route their role does not allow, at most once per quiet period. */
export class DenialAudit {
  private readonly lastRecorded = new Map<string, number>();

  constructor(
    private readonly audit: AuditLog,
    private readonly clock: () => Date,
  ) {}

  record(principal: Principal, route: string, needs: readonly string[], ip: string): void {
    const now = this.clock().getTime();
    const key = `${principal.kind}:${principal.id} ${route}`;
    const last = this.lastRecorded.get(key);
    if (last !== undefined && now - last < QUIET_PERIOD_MS) return;
    if (this.lastRecorded.size >= MAX_REMEMBERED) this.lastRecorded.clear();
    this.lastRecorded.set(key, now);
    this.audit.record({
      actor: actorOf(principal),
      action: 'access.denied',
      target: route,
      outcome: 'denied',
      details: { role: principal.role, needs: [...needs] },
      ip,
    });
  }
}
