import { existsSync, statSync } from 'node:fs';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

/**
 * The agent desktop (web-softphone/, built by Vite into web-softphone/dist) at `/`: its files,
 * and index.html for any other path so the app's own routes survive a reload. The daemon's own
 * prefixes are never answered with the app, so a mistyped API path still gets a JSON 404.
 */

const DAEMON_PREFIXES = ['/api', '/ws', '/docs', '/healthz', '/readyz', '/metrics'];

/** Found by walking up from this module, which works from the sources and from dist/ alike. */
export function findWebDist(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'web-softphone'))) return join(dir, 'web-softphone', 'dist');
    const up = dirname(dir);
    if (up === dir) return join(start, 'web-softphone', 'dist');
    dir = up;
  }
}

export function isDaemonPath(path: string): boolean {
  return DAEMON_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}?`));
}

// The SIP websocket may be on another host or port (Asterisk's own HTTP server), hence ws:/wss:.
const CSP = [
  "default-src 'self'",
  "connect-src 'self' ws: wss:",
  "media-src 'self' blob:",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Switchboard: web app not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>The agent desktop is not built yet</h1>
<p>Run <code>npm run build</code> in the Switchboard directory (it builds the daemon and
<code>web-softphone/dist</code>), then reload this page. The API is up: see <a href="/docs">/docs</a>.</p>
</body></html>
`;

export const webAppRoutes: FastifyPluginAsync = async (app) => {
  const root = findWebDist();
  await app.register(fastifyStatic, { root, serve: false });

  const secure = (reply: FastifyReply) =>
    reply
      .header('content-security-policy', CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer');

  const sendApp = async (path: string, reply: FastifyReply) => {
    if (!existsSync(join(root, 'index.html'))) {
      return reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    }
    const relative = normalize(decodeURIComponent(path)).replace(/^([/\\])+/, '');
    if (relative.split(sep).includes('..')) return reply.callNotFound();
    const file = join(root, relative);
    if (relative !== '' && isFile(file)) {
      const immutable = relative.startsWith(`assets${sep}`);
      return secure(reply).sendFile(relative, {
        cacheControl: true,
        immutable,
        maxAge: immutable ? 365 * 24 * 3600 * 1000 : 0,
      });
    }
    // A missing asset is a 404, not the app: a stale tab asking for an old bundle must not get HTML.
    if (extname(relative) !== '') return reply.callNotFound();
    return secure(reply).header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  };

  const opts = { config: { access: 'public' as const }, schema: { hide: true } };
  app.get('/', opts, async (_request, reply) => sendApp('/', reply));
  app.get<{ Params: { '*': string } }>('/*', opts, async (request, reply) => {
    const path = `/${request.params['*']}`;
    if (isDaemonPath(path)) return reply.callNotFound();
    return sendApp(path, reply);
  });
};

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
