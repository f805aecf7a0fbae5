import type { FastifyRequest } from 'fastify';
import { type AuditEntry, actorOf } from '../../audit/audit-log.js';
import type { Principal } from '../../auth/access.js';
import type { AppDeps } from '../../deps.js';

export type RecordChange = (request: FastifyRequest, entry: Omit<AuditEntry, 'actor' | 'ip'>) => void;

/** Records an admin's change with who made it and from where. */
export function changeRecorder(deps: AppDeps): RecordChange {
  return (request, entry) =>
    deps.audit.record({ ...entry, actor: actorOf(request.principal), ip: request.ip });
}

/** The user behind a request, for "published by" and "uploaded by"; null for API keys. */
export function userIdOf(principal: Principal | null): number | null {
  return principal?.kind === 'user' ? principal.id : null;
}

/** For routes whose body is optional: no body reads as {} so its schema can still apply. */
export async function emptyBodyAsObject(request: FastifyRequest): Promise<void> {
  request.body ??= {};
}
