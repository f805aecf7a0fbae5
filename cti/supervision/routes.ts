import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { actorOf } from '../audit/audit-log.js';
import type { Principal, RouteAccess } from '../auth/access.js';
import { accessScope, outOfScope, queuesOfCall, requireQueue, seesCall, seesQueue } from '../auth/scope.js';
import type { AppDeps } from '../deps.js';
import { ClientError } from '../http/errors.js';
import { MonitorRefused } from './errors.js';
import type { MonitorMode } from './modes.js';
import { describeSupervisor, type Monitor, type Supervisor } from './monitor.js';
import type { SupervisionApi } from './runtime.js';
import {
  callParamsSchema,
  errorSchema,
  modeBodySchema,
  monitorParamsSchema,
  monitorSchema,
  startBodySchema,
} from './schemas.js';

const SUPERVISORS: RouteAccess = ['admin', 'supervisor'];
const STATUS = {
  not_found: 404,
  not_connected: 409,
  conflict: 409,
  bad_request: 400,
  forbidden: 403,
} as const;

/** A refusal of the service as the API reports it; anything else goes on to the 500 handler. */
async function answering<T>(step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof MonitorRefused) throw new ClientError(STATUS[err.kind], err.kind, err.message);
    throw err;
  }
}

function supervisorOf(principal: Principal): Supervisor {
  return { kind: principal.kind, id: principal.id, name: principal.name };
}

const requester = (request: FastifyRequest) => ({ actor: actorOf(request.principal), ip: request.ip });

/**
 * Listen, whisper and barge on connected ACD calls (see runtime.ts). Admins act on every call;
 * supervisors on calls answered from a queue they supervise; a monitor is changed or stopped by
 * whoever started it or an admin. Every start, mode change and stop is audited (the end of a
 * monitor when its call ends is audited by the service).
 */
export const supervisionRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const service = (): SupervisionApi => {
    if (!deps.supervision)
      throw new ClientError(
        503,
        'supervision_off',
        'this process has no live call handling to monitor calls with',
      );
    return deps.supervision;
  };
  /** The monitor if the caller may act on it: 404 unknown, 403 out of their queues or someone else's. */
  const monitorFor = (request: FastifyRequest, monitorId: string): Monitor => {
    const principal = request.principal as Principal;
    const monitor = service().get(monitorId);
    if (!monitor)
      throw new ClientError(404, 'not_found', `monitor ${monitorId} not found (or already ended)`);
    requireQueue(accessScope(deps.db, principal), principal, monitor.call.queueId);
    if (principal.role !== 'admin' && !monitor.isBy(supervisorOf(principal)))
      throw new ClientError(
        403,
        'forbidden',
        `monitor ${monitorId} belongs to ${describeSupervisor(monitor.supervisor)}; only they or an admin may change it`,
      );
    return monitor;
  };

  app.post<{ Params: { callId: number }; Body: { mode: MonitorMode; device?: string } }>(
    '/api/calls/:callId/monitor',
    {
      config: { access: SUPERVISORS },
      schema: {
        tags: ['supervision'],
        summary:
          "Listen to, whisper to the agent of, or barge into a connected ACD call: rings the supervisor's phone",
        params: callParamsSchema,
        body: startBodySchema,
        response: {
          201: monitorSchema,
          400: errorSchema,
          403: errorSchema,
          404: errorSchema,
          409: errorSchema,
          503: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const principal = request.principal as Principal;
      const { callId } = request.params;
      const { mode, device } = request.body;
      const scope = accessScope(deps.db, principal);
      const refuse = (queue: string | string[], what: string): never => {
        deps.audit.record({
          ...requester(request),
          action: 'monitor.start',
          target: `call:${callId}`,
          outcome: 'denied',
          details: { mode, queue },
        });
        throw outOfScope(principal, what);
      };
      // Authorization before availability: the stored call answers who may act on it even when
      // this process cannot monitor (503), so a supervisor of another queue learns nothing more.
      if (!deps.callLog.byId(callId)) throw new ClientError(404, 'not_found', `call ${callId} not found`);
      if (!seesCall(deps.db, scope, callId)) {
        const queues = queuesOfCall(deps.db, callId);
        refuse(queues, `call ${callId} (${queues.map((q) => `queue "${q}"`).join(', ') || 'no queue'})`);
      }
      const supervision = service();
      const call = await answering(() => supervision.connectedCall(callId));
      // It may have waited in one of theirs and been answered from another (overflow).
      if (!seesQueue(scope, call.queueId)) refuse(call.queueId, `queue "${call.queueId}"`);
      const who = supervisorOf(principal);
      const already = supervision.active().find((m) => m.call.callId === callId && m.isBy(who));
      if (already)
        throw new ClientError(
          409,
          'conflict',
          `${describeSupervisor(who)} already monitors call ${callId} (monitor ${already.id}, ${already.mode}); change its mode with PATCH /api/monitors/${already.id}`,
        );
      const phone = await answering(() => supervision.phoneFor(device, who));
      const view = await answering(() =>
        supervision.start({ call, mode, device: phone, supervisor: who, ...requester(request) }),
      );
      return reply.code(201).send(view);
    },
  );

  app.get(
    '/api/monitors',
    {
      config: { access: SUPERVISORS },
      schema: {
        tags: ['supervision'],
        summary: 'Monitors going on now (supervisors: on calls of their queues)',
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: monitorSchema } } },
          503: errorSchema,
        },
      },
    },
    async (request) => {
      const scope = accessScope(deps.db, request.principal as Principal);
      const items = service()
        .active()
        .filter((m) => seesQueue(scope, m.call.queueId))
        .map((m) => m.view());
      return { items };
    },
  );

  app.patch<{ Params: { monitorId: string }; Body: { mode: MonitorMode } }>(
    '/api/monitors/:monitorId',
    {
      config: { access: SUPERVISORS },
      schema: {
        tags: ['supervision'],
        summary: "Switch a monitor's mode; the supervisor's phone stays on, a new snoop takes over",
        params: monitorParamsSchema,
        body: modeBodySchema,
        response: {
          200: monitorSchema,
          400: errorSchema,
          403: errorSchema,
          404: errorSchema,
          409: errorSchema,
          503: errorSchema,
        },
      },
    },
    async (request) => {
      const monitor = monitorFor(request, request.params.monitorId);
      return answering(() => service().changeMode(monitor, request.body.mode, requester(request)));
    },
  );

  app.delete<{ Params: { monitorId: string } }>(
    '/api/monitors/:monitorId',
    {
      config: { access: SUPERVISORS },
      schema: {
        tags: ['supervision'],
        summary: "End a monitor: the snoop and the supervisor's phone are hung up, its bridge destroyed",
        params: monitorParamsSchema,
        response: { 200: monitorSchema, 403: errorSchema, 404: errorSchema, 503: errorSchema },
      },
    },
    async (request) => {
      const monitor = monitorFor(request, request.params.monitorId);
      return answering(() => service().stop(monitor, requester(request)));
    },
  );
};
