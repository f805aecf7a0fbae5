import { sql } from 'drizzle-orm';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../deps.js';
import type { ProbeResult } from '../infra/ari/probe.js';

/** Liveness, readiness (Asterisk, Redis, database) and Prometheus metrics. */
export const healthRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  app.get('/healthz', { config: { access: 'public' }, schema: { hide: true } }, async () => ({
    status: 'ok',
  }));

  app.get(
    '/readyz',
    { config: { access: 'public' }, schema: { tags: ['health'], summary: 'Readiness of every dependency' } },
    async (_request, reply) => {
      const checks = await readiness(deps);
      const ready = checks.asterisk.ok && checks.database.ok && checks.redis.ok && (checks.ami?.ok ?? true);
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
    },
  );

  app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    deps.metrics.callsInProgress.set(deps.liveCallCount());
    return reply
      .header('content-type', deps.metrics.registry.contentType)
      .send(await deps.metrics.registry.metrics());
  });
};

async function readiness(
  deps: AppDeps,
): Promise<{ asterisk: ProbeResult; ami: ProbeResult | null; redis: ProbeResult; database: ProbeResult }> {
  const ari = deps.ari.status();
  const asterisk: ProbeResult =
    ari.state === 'connected'
      ? { ok: true, detail: `ARI event websocket connected since ${ari.since.toISOString()}` }
      : { ok: false, detail: `ARI ${ari.state}${ari.lastError ? `: ${ari.lastError}` : ''}` };
  const [ami, redis] = await Promise.all([
    deps.ami ? deps.ami.ping() : Promise.resolve(null),
    deps.probeRedis(),
  ]);
  let database: ProbeResult;
  try {
    deps.db.run(sql`select 1`);
    database = { ok: true, detail: 'SQLite answers' };
  } catch (err) {
    database = { ok: false, detail: `SQLite: ${(err as Error).message}` };
  }
  return { asterisk, ami, redis, database };
}
