import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { AppDeps } from '../deps.js';
import { RealtimeServer } from './realtime-server.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The agent and supervisor websockets (/ws/agent, /ws/supervisor); see cti/realtime/README.md. */
    realtime: RealtimeServer;
  }
}

/**
 * Puts the websockets on the app's own HTTP server: `upgrade` requests never reach Fastify's
 * routes, so access is decided in SocketAuth instead of `config.access`. The sockets close
 * before the HTTP server does (preClose): an open websocket would keep `app.close()` waiting.
 */
const realtime: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const server = new RealtimeServer(deps);
  server.attach(app.server);
  app.decorate('realtime', server);
  app.addHook('preClose', async () => {
    await server.close('the daemon is stopping');
  });
};

export const realtimePlugin = fp(realtime, { name: 'switchboard-realtime', fastify: '5.x' });
