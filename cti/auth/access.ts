import type { Role } from './schema.js';

/** Who may call a route: 'public' (anyone), 'authenticated' (any role), or a list of roles. */
export type RouteAccess = 'public' | 'authenticated' | readonly Role[];

/** The caller behind a request, once authenticated. */
export interface Principal {
  kind: 'user' | 'api_key';
  id: number;
  name: string;
  role: Role;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required on every route: the app refuses to start with a route that does not say who may call it. */
    access?: RouteAccess;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function isAllowed(access: RouteAccess, principal: Principal | null): boolean {
  if (access === 'public') return true;
  if (principal === null) return false;
  if (access === 'authenticated') return true;
  return access.includes(principal.role);
}
