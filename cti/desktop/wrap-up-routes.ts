import type { FastifyPluginAsync } from 'fastify';
import { actorOf } from '../audit/audit-log.js';
import { accessScope, requireCall } from '../auth/scope.js';
import type { AppDeps } from '../deps.js';
import { badRequest, ClientError, conflict, notFound } from '../http/errors.js';
import { asHttp, wrapUpTicketBody } from '../tickets/http-schemas.js';
import type { TicketPriority, TicketRow } from '../tickets/schema.js';
import { type TicketDeps, ticketServices } from '../tickets/ticket-services.js';
import { viewerOf } from '../tickets/viewer.js';
import { Dispositions, dispositionSchema, toDispositionJson } from './dispositions.js';
import { myAgent } from './my-agent.js';

interface WrapUpBody {
  disposition: string;
  notes?: string;
  agentId?: string;
  /** Links the call to this ticket in the same transaction as the disposition. */
  ticketId?: number;
  /** Or creates a ticket for the caller and links the call to it. */
  newTicket?: { subject: string; description?: string; category?: string | null; priority?: TicketPriority };
}

const codeLabelList = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: { type: 'object', properties: { code: { type: 'string' }, label: { type: 'string' } } },
    },
  },
} as const;

const errorSchema = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' } },
} as const;

/** What the agent desktop offers (dispositions, pause reasons) and the wrap-up of a call. */
export const wrapUpRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const dispositions = new Dispositions(deps.db);
  const { tickets } = ticketServices(deps as TicketDeps);
  const { desktop } = deps.settings;

  app.get(
    '/api/dispositions',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['desktop'],
        summary: 'Wrap-up dispositions an agent chooses from (SWITCHBOARD_DISPOSITIONS)',
        response: { 200: codeLabelList },
      },
    },
    async () => ({ items: desktop.dispositions }),
  );

  app.get(
    '/api/pause-reasons',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['desktop'],
        summary: 'Pause reasons the agent desktop offers (SWITCHBOARD_PAUSE_REASONS)',
        response: { 200: codeLabelList },
      },
    },
    async () => ({ items: desktop.pauseReasons }),
  );

  app.post<{ Params: { callId: number }; Body: WrapUpBody }>(
    '/api/calls/:callId/wrap-up',
    {
      config: { access: ['agent', 'supervisor', 'admin'] },
      schema: {
        tags: ['desktop'],
        summary: 'Close a call with a disposition and notes; an agent in wrap-up becomes available at once',
        description:
          'By the agent who answered the call, or an admin or a supervisor of a queue the call waited in ' +
          '(else 403 out_of_scope) for them (agentId picks one when ' +
          'several agents answered it; default: the latest). One disposition per call and agent: a second is 409. ' +
          'ticketId links the call to that ticket, newTicket creates one for the caller; either happens in the ' +
          'same transaction as the disposition, so a refused link stores no disposition.',
        params: {
          type: 'object',
          properties: { callId: { type: 'integer', minimum: 1 } },
          required: ['callId'],
        },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['disposition'],
          properties: {
            disposition: { type: 'string', minLength: 1, maxLength: 64 },
            notes: { type: 'string', maxLength: 2000 },
            agentId: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' },
            ticketId: { type: 'integer', minimum: 1 },
            newTicket: wrapUpTicketBody,
          },
        },
        response: {
          201: {
            type: 'object',
            properties: {
              callId: { type: 'integer' },
              disposition: dispositionSchema,
              agent: {
                type: 'object',
                properties: { id: { type: 'string' }, state: { type: ['string', 'null'] } },
              },
              ticket: {
                type: ['object', 'null'],
                properties: {
                  id: { type: 'integer' },
                  subject: { type: 'string' },
                  status: { type: 'string' },
                  priority: { type: 'string' },
                  created: { type: 'boolean' },
                },
              },
            },
          },
          400: errorSchema,
          403: errorSchema,
          404: errorSchema,
          409: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const { callId } = request.params;
      const { disposition, notes, agentId: askedAgent, ticketId, newTicket } = request.body;
      if (ticketId !== undefined && newTicket !== undefined)
        throw badRequest('give ticketId (link an existing ticket) or newTicket (create one), not both');
      const principal = request.principal!;
      if (!deps.callLog.byId(callId)) throw notFound(`call ${callId}`);
      const answering = dispositions.answeringAgents(callId);
      let agentId: string;
      if (principal.role === 'agent') {
        const me = myAgent(deps.db, principal);
        if (!answering.includes(me.id) || (askedAgent !== undefined && askedAgent !== me.id))
          throw new ClientError(403, 'forbidden', `call ${callId} was not answered by you (agent ${me.id})`);
        agentId = me.id;
      } else {
        requireCall(deps.db, accessScope(deps.db, principal), principal, callId);
        const latest = answering[0];
        if (latest === undefined)
          throw conflict(`call ${callId} was not answered by any agent: there is nothing to wrap up`);
        if (askedAgent !== undefined && !answering.includes(askedAgent))
          throw badRequest(
            `agent ${askedAgent} did not answer call ${callId} (answered by ${answering.join(', ')})`,
          );
        agentId = askedAgent ?? latest;
      }
      const known = deps.settings.desktop.dispositions.map((d) => d.code);
      if (!known.includes(disposition))
        throw badRequest(`disposition "${disposition}" is not one of ${known.join(', ')}`);
      const existing = dispositions.of(callId, agentId);
      const already = () =>
        conflict(
          `call ${callId} already has a disposition from agent ${agentId}` +
            (existing ? ` (${existing.code}, at ${existing.at.toISOString()})` : ''),
        );
      if (existing) throw already();
      const at = deps.clock();
      const viewer = viewerOf(deps.db, principal);
      let ticket: TicketRow | null = null;
      let ticketLinked = false;
      asHttp(() =>
        tickets.transaction(() => {
          const recorded = dispositions.record({
            callId,
            agentId,
            code: disposition,
            notes: notes === undefined || notes.trim() === '' ? null : notes,
            recordedBy: `${principal.kind}:${principal.name}`,
            at,
          });
          if (!recorded) throw already();
          if (ticketId !== undefined) {
            ticketLinked = tickets.linkCall(viewer, ticketId, callId);
            ticket = tickets.get(viewer, ticketId);
          } else if (newTicket !== undefined) {
            ticket = tickets.createForCall(viewer, callId, newTicket);
          }
        }),
      );
      const linkedTicket = ticket as TicketRow | null;
      deps.audit.record({
        actor: actorOf(principal),
        action: 'call.wrap-up',
        target: `call:${callId}`,
        details: {
          agentId,
          disposition,
          notesLength: notes?.length ?? 0,
          ...(linkedTicket ? { ticketId: linkedTicket.id } : {}),
        },
        ip: request.ip,
      });
      if (linkedTicket && (newTicket !== undefined || ticketLinked))
        deps.audit.record({
          actor: actorOf(principal),
          action: newTicket !== undefined ? 'ticket.create' : 'ticket.call-link',
          target: `ticket:${linkedTicket.id}`,
          details: { callId, atWrapUp: true },
          ip: request.ip,
        });
      const agent = deps.acd.router.getAgent(agentId);
      if (agent?.state === 'wrap-up') {
        const result = deps.acd.setAgentState(agentId, 'available', 'wrap-up done');
        if (!result.ok) request.log.warn({ agentId, err: result.error.message }, 'ending wrap-up refused');
      }
      const row = dispositions.of(callId, agentId);
      return reply.code(201).send({
        callId,
        disposition: row ? toDispositionJson(row) : null,
        agent: { id: agentId, state: deps.acd.router.getAgent(agentId)?.state ?? null },
        ticket: linkedTicket
          ? {
              id: linkedTicket.id,
              subject: linkedTicket.subject,
              status: linkedTicket.status,
              priority: linkedTicket.priority,
              created: newTicket !== undefined,
            }
          : null,
      });
    },
  );
};
