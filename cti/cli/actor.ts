import { userInfo } from 'node:os';
import type { AuditActor } from '../audit/audit-log.js';

/** CLI changes are audited as actor type `cli`, named after the operating-system account that ran them. */
export function cliActor(): AuditActor {
  try {
    return { type: 'cli', name: userInfo().username };
  } catch {
    return { type: 'cli' };
  }
}
