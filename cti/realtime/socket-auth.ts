import type { IncomingMessage } from 'node:http';
import { eq } from 'drizzle-orm';
import { agents } from '../acd/schema.js';
import type { Principal } from '../auth/access.js';
import { ApiKeyStore } from '../auth/api-keys.js';
import { readCredentials } from '../auth/credentials.js';
import { DenialAudit } from '../auth/denial-audit.js';
import { accessScope, seesAgent } from '../auth/scope.js';
import { SessionStore } from '../auth/sessions.js';
import type { AppDeps } from '../deps.js';
import { SUBPROTOCOL } from './messages.js';

export const AGENT_PATH = '/ws/agent';
export const SUPERVISOR_PATH = '/ws/supervisor';

/** Longer than any token or key we issue (as for HTTP headers): anything bigger is refused unhashed. */
const MAX_CREDENTIAL_LENGTH = 256;
const TOKEN_PROTOCOL_PREFIX = 'token.';

const HOW_TO_AUTHENTICATE =
  `offer the subprotocols "${SUBPROTOCOL}" and "${TOKEN_PROTOCOL_PREFIX}<token>" (browsers), ` +
  'or add ?token=<token> to the URL, or send an Authorization: Bearer or x-api-key header (tools)';

export type SocketChannel = { kind: 'agent'; agentId: string } | { kind: 'supervisor' };

/** Who opens a socket and for what; `stillValid` re-checks the credential while the socket lives. */
export interface SocketGrant {
  principal: Principal;
  channel: SocketChannel;
  stillValid(): boolean;
}

export interface SocketRefusal {
  status: 400 | 401 | 403 | 404;
  error: string;
  message: string;
}

export type UpgradeDecision = { ok: true; grant: SocketGrant } | { ok: false; refusal: SocketRefusal };

type Offered =
  | { kind: 'none' }
  | { kind: 'either'; value: string }
  | { kind: 'session'; value: string }
  | { kind: 'api_key'; value: string };

/**
 * Decides an upgrade request before any websocket exists: 401 for missing or bad credentials,
 * 403 for a caller who may not have this socket, 400/404 for a request that names nothing usable.
 * A browser's WebSocket cannot set headers, so the token travels as a subprotocol or in the query;
 * it is never logged (the caller logs only the path and who it turned out to be).
 */
export class SocketAuth {
  private readonly sessions: SessionStore;
  private readonly apiKeys: ApiKeyStore;
  private readonly denials: DenialAudit;

  constructor(private readonly deps: Pick<AppDeps, 'db' | 'clock' | 'settings' | 'audit'>) {
    this.sessions = new SessionStore(deps.db, deps.clock, deps.settings.auth.sessionHours);
    this.apiKeys = new ApiKeyStore(deps.db, deps.clock);
    this.denials = new DenialAudit(deps.audit, deps.clock);
  }

  decide(request: IncomingMessage, url: URL): UpgradeDecision {
    const offered = readOffered(request, url);
    if ('refusal' in offered) return { ok: false, refusal: offered.refusal };
    if (offered.kind === 'none')
      return unauthorized(`${url.pathname} needs credentials: ${HOW_TO_AUTHENTICATE}`);
    const principal = this.resolve(offered);
    if (!principal) {
      return unauthorized(
        offered.kind === 'api_key'
          ? 'the API key is unknown or revoked'
          : 'the token is unknown, expired or revoked; log in again',
      );
    }
    const channel = this.channelFor(principal, url, request.socket.remoteAddress ?? '');
    if ('refusal' in channel) return { ok: false, refusal: channel.refusal };
    const stillValid = () => {
      const now = this.resolve(offered);
      return now !== null && now.role === principal.role;
    };
    return { ok: true, grant: { principal, channel, stillValid } };
  }

  private resolve(offered: Exclude<Offered, { kind: 'none' }>): Principal | null {
    if (offered.kind === 'session') return this.sessions.resolve(offered.value);
    if (offered.kind === 'api_key') return this.apiKeys.resolve(offered.value);
    // Each store checks the shape first, so the one that does not fit costs no query.
    return this.sessions.resolve(offered.value) ?? this.apiKeys.resolve(offered.value);
  }

  private channelFor(principal: Principal, url: URL, ip: string): SocketChannel | { refusal: SocketRefusal } {
    if (url.pathname === SUPERVISOR_PATH) {
      if (principal.role === 'admin' || principal.role === 'supervisor') return { kind: 'supervisor' };
      this.denials.record(principal, `GET ${SUPERVISOR_PATH}`, ['admin', 'supervisor'], ip);
      return forbidden(
        `${SUPERVISOR_PATH} needs role admin or supervisor; ${describe(principal)} has role ${principal.role}`,
      );
    }
    const named = url.searchParams.getAll('agent');
    if (named.length > 1) return badRequest('name one agent: ?agent=<id>');
    const requested = named[0];
    const own = principal.kind === 'user' ? this.agentOfUser(principal.id) : undefined;
    if (principal.role === 'agent') {
      if (!own) {
        this.denials.record(principal, `GET ${AGENT_PATH}`, ['agent with an agent record'], ip);
        return forbidden(
          principal.kind === 'user'
            ? `${describe(principal)} is not linked to an agent; an admin links it with PUT /api/agents/<id> {"userId": ${principal.id}}`
            : `${describe(principal)} has role agent but is not an agent's login; agents open ${AGENT_PATH} with their own session`,
        );
      }
      if (requested !== undefined && requested !== own) {
        this.denials.record(principal, `GET ${AGENT_PATH}?agent=${requested}`, ['admin', 'supervisor'], ip);
        return forbidden(
          `${describe(principal)} is agent ${own} and may not open the socket of agent ${requested}`,
        );
      }
      return { kind: 'agent', agentId: own };
    }
    const agentId = requested ?? own;
    if (agentId === undefined)
      return badRequest(`${describe(principal)} is no agent: name the agent to watch with ?agent=<id>`);
    const queues = this.queuesOfAgent(agentId);
    if (!queues)
      return { refusal: { status: 404, error: 'not_found', message: `agent ${agentId} not found` } };
    // A supervisor watches the agents of their own queues only, as on /ws/supervisor.
    if (!seesAgent(accessScope(this.deps.db, principal), { id: agentId, queues })) {
      this.denials.record(principal, `GET ${AGENT_PATH}?agent=${agentId}`, ['supervisor of the agent'], ip);
      return {
        refusal: {
          status: 403,
          error: 'out_of_scope',
          message: `${describe(principal)} (${principal.role}) may not watch agent ${agentId}: none of their queues is supervised by them`,
        },
      };
    }
    return { kind: 'agent', agentId };
  }

  private agentOfUser(userId: number): string | undefined {
    return this.deps.db.select({ id: agents.id }).from(agents).where(eq(agents.userId, userId)).get()?.id;
  }

  /** The agent's queues, or undefined when there is no such agent. */
  private queuesOfAgent(agentId: string): string[] | undefined {
    return this.deps.db.select({ queues: agents.queues }).from(agents).where(eq(agents.id, agentId)).get()
      ?.queues;
  }
}

/** The token from exactly one place, or why not. */
function readOffered(request: IncomingMessage, url: URL): Offered | { refusal: SocketRefusal } {
  const protocols = offeredProtocols(request);
  const fromProtocol = protocols.filter((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX));
  const fromQuery = url.searchParams.getAll('token');
  const fromHeaders = readCredentials(request.headers);
  if (fromProtocol.length > 1 || fromQuery.length > 1)
    return unauthorizedRefusal('send one token, not several');
  if (fromProtocol.length === 1 && !protocols.includes(SUBPROTOCOL)) {
    // A browser drops a connection whose subprotocol the server does not echo, and the token is never echoed.
    return {
      refusal: {
        status: 400,
        error: 'bad_request',
        message: `offer the subprotocol "${SUBPROTOCOL}" along with "${TOKEN_PROTOCOL_PREFIX}<token>"`,
      },
    };
  }
  if (fromHeaders.kind === 'malformed') return unauthorizedRefusal(fromHeaders.reason);
  const ways = [fromProtocol.length, fromQuery.length, fromHeaders.kind === 'none' ? 0 : 1].filter(
    (n) => n > 0,
  ).length;
  if (ways > 1) return unauthorizedRefusal(`send the token one way only: ${HOW_TO_AUTHENTICATE}`);
  if (fromHeaders.kind === 'session') return { kind: 'session', value: fromHeaders.token };
  if (fromHeaders.kind === 'api_key') return { kind: 'api_key', value: fromHeaders.key };
  const value = fromProtocol[0]?.slice(TOKEN_PROTOCOL_PREFIX.length) ?? fromQuery[0];
  if (value === undefined) return { kind: 'none' };
  if (value === '') return unauthorizedRefusal('the token is empty');
  if (value.length > MAX_CREDENTIAL_LENGTH)
    return unauthorizedRefusal('the token is longer than any token this server issues');
  return { kind: 'either', value };
}

export function offeredProtocols(request: IncomingMessage): string[] {
  const header = request.headers['sec-websocket-protocol'];
  if (header === undefined) return [];
  return String(header)
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

function describe(principal: Principal): string {
  return principal.kind === 'user' ? `user "${principal.name}"` : `API key "${principal.name}"`;
}

function unauthorizedRefusal(message: string): { refusal: SocketRefusal } {
  return { refusal: { status: 401, error: 'unauthorized', message } };
}

function unauthorized(message: string): UpgradeDecision {
  return { ok: false, ...unauthorizedRefusal(message) };
}

function forbidden(message: string): { refusal: SocketRefusal } {
  return { refusal: { status: 403, error: 'forbidden', message } };
}

function badRequest(message: string): { refusal: SocketRefusal } {
  return { refusal: { status: 400, error: 'bad_request', message } };
}
