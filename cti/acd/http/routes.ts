import { eq } from 'drizzle-orm';
import type { FastifyPluginAsync } from 'fastify';
import { actorOf } from '../../audit/audit-log.js';
import type { Principal } from '../../auth/access.js';
import { accessScope, requireAgent, requireCall, seesQueue } from '../../auth/scope.js';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../http/errors.js';
import { AcdAdmin, type AgentInput } from '../acd-admin.js';
import type { QueueConfig } from '../engine/types.js';
import { acdOffers, agents } from '../schema.js';

const id = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' } as const;
const skillRequirement = {
  type: 'object',
  additionalProperties: false,
  required: ['skill', 'minLevel'],
  properties: {
    skill: { type: 'string', minLength: 1, maxLength: 64 },
    minLevel: { type: 'integer', minimum: 1, maximum: 10 },
  },
} as const;

/** Queues, agents and their states, and why each offer went where it went. */
export const acdRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const admin = new AcdAdmin(deps.db, deps.acd, deps.clock);
  const audit = (
    request: { principal: Principal | null; ip: string },
    action: string,
    target: string,
    details: Record<string, unknown>,
  ) => deps.audit.record({ actor: actorOf(request.principal), action, target, details, ip: request.ip });

  app.put<{ Params: { id: string }; Body: Omit<QueueConfig, 'id'> & { mohClass?: string } }>(
    '/api/acd/queues/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['acd'],
        summary: 'Create or change a queue; applies live, waiting callers stay',
        params: { type: 'object', properties: { id }, required: ['id'] },
        body: {
          type: 'object',
          additionalProperties: false,
          required: [
            'name',
            'requiredSkills',
            'priority',
            'strategy',
            'serviceLevelSeconds',
            'wrapUpSeconds',
            'ringTimeoutSeconds',
          ],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 100 },
            requiredSkills: { type: 'array', items: skillRequirement, maxItems: 20 },
            priority: { type: 'integer', minimum: 0, maximum: 100 },
            strategy: { type: 'string', enum: ['longest-idle', 'fewest-calls', 'best-skill', 'round-robin'] },
            maxWaitSeconds: { type: 'integer', minimum: 1 },
            maxSize: { type: 'integer', minimum: 1 },
            announcements: {
              type: 'object',
              additionalProperties: false,
              required: ['everySeconds', 'position', 'holdTime'],
              properties: {
                everySeconds: { type: 'integer', minimum: 5, maximum: 3600 },
                position: { type: 'boolean' },
                holdTime: { type: 'boolean' },
              },
            },
            overflow: {
              type: 'object',
              additionalProperties: false,
              required: ['kind', 'target'],
              properties: {
                kind: { type: 'string', enum: ['queue', 'flow', 'voicemail'] },
                target: { type: 'string', minLength: 1, maxLength: 100 },
              },
            },
            serviceLevelSeconds: { type: 'integer', minimum: 1 },
            wrapUpSeconds: { type: 'integer', minimum: 0 },
            ringTimeoutSeconds: { type: 'integer', minimum: 1, maximum: 300 },
            pauseOnNoAnswer: {
              type: 'object',
              required: ['reason'],
              properties: { reason: { type: 'string' } },
            },
            relaxation: { type: 'array' },
            priorityAging: { type: 'object' },
            mohClass: { type: 'string', maxLength: 80 },
          },
        },
      },
    },
    async (request, reply) => {
      const { mohClass, ...config } = request.body;
      const { created } = admin.putQueue(request.params.id, config, mohClass ?? null);
      audit(request, created ? 'queue.create' : 'queue.update', `queue:${request.params.id}`, {
        name: config.name,
      });
      return reply.code(created ? 201 : 200).send({ id: request.params.id, ...config });
    },
  );

  app.get(
    '/api/acd/queues',
    {
      config: { access: ['admin', 'supervisor'] },
      schema: {
        tags: ['acd'],
        summary: 'Live statistics of every queue (supervisors: the queues they supervise)',
      },
    },
    async (request) => {
      const scope = accessScope(deps.db, request.principal!);
      return { items: deps.acd.router.allStats(deps.clock()).filter((q) => seesQueue(scope, q.queueId)) };
    },
  );

  app.put<{ Params: { id: string }; Body: AgentInput }>(
    '/api/agents/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['acd'],
        summary: 'Create or change an agent: skills (1-10), queues, the device that rings',
        params: { type: 'object', properties: { id }, required: ['id'] },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'skills', 'queues'],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 100 },
            skills: { type: 'object', additionalProperties: { type: 'integer', minimum: 1, maximum: 10 } },
            queues: { type: 'array', items: id, maxItems: 100 },
            device: {
              type: ['string', 'null'],
              pattern: '^(PJSIP/[A-Za-z0-9_.-]+|Local/[A-Za-z0-9_.+-]+@[a-z0-9-]+(/n)?)$',
            },
            userId: { type: ['integer', 'null'] },
          },
        },
      },
    },
    async (request, reply) => {
      const { created } = admin.putAgent(request.params.id, request.body);
      audit(request, created ? 'agent.create' : 'agent.update', `agent:${request.params.id}`, {
        queues: request.body.queues,
      });
      return reply.code(created ? 201 : 200).send({ id: request.params.id, ...request.body });
    },
  );

  app.post<{ Params: { id: string }; Body: { state: string; reason?: string } }>(
    '/api/agents/:id/state',
    {
      config: { access: ['admin', 'supervisor'] },
      schema: {
        tags: ['acd'],
        summary: 'Change an agent state (available, paused with a reason, logged-out)',
        description: 'Supervisors: agents who are members of a queue they supervise (else 403 out_of_scope).',
        params: { type: 'object', properties: { id }, required: ['id'] },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['state'],
          properties: { state: { type: 'string' }, reason: { type: 'string', maxLength: 80 } },
        },
      },
    },
    async (request) => {
      const principal = request.principal!;
      const row = deps.db.select().from(agents).where(eq(agents.id, request.params.id)).get();
      if (!row) throw notFound(`agent ${request.params.id}`);
      requireAgent(accessScope(deps.db, principal), principal, row);
      const agent = admin.setAgentState(request.params.id, request.body.state, request.body.reason);
      return { id: agent.id, state: agent.state, since: new Date(agent.stateSince).toISOString() };
    },
  );

  app.get<{ Params: { callId: number } }>(
    '/api/calls/:callId/offers',
    {
      config: { access: ['admin', 'supervisor'] },
      schema: {
        tags: ['acd'],
        summary:
          'Every offer of the call with the decision trace: who was considered, who was skipped and why',
        description:
          'Supervisors: calls that waited in one of their queues (else 403 out_of_scope), and only the offers made in those queues.',
        params: {
          type: 'object',
          properties: { callId: { type: 'integer', minimum: 1 } },
          required: ['callId'],
        },
      },
    },
    async (request) => {
      const { callId } = request.params;
      if (!deps.callLog.byId(callId)) throw notFound(`call ${callId}`);
      const principal = request.principal!;
      const scope = accessScope(deps.db, principal);
      requireCall(deps.db, scope, principal, callId);
      const offers = deps.db.select().from(acdOffers).where(eq(acdOffers.callId, callId)).all();
      // A call that overflowed between queues: its other queues' offers name agents the supervisor does not see.
      return { items: offers.filter((o) => seesQueue(scope, o.queueId)) };
    },
  );
};
