import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../logger.js';

/**
 * What a connection is for decides how it behaves while Redis is away:
 * - `worker`: BullMQ workers block on Redis and must wait for it forever (maxRetriesPerRequest null).
 * - `producer`: enqueueing and API reads fail at once instead of queueing commands in memory, so
 *   no request or ARI handler waits on Redis; the caller (the outbox relay) retries later.
 */
export type RedisPurpose = 'worker' | 'producer';

/** Reconnect every 0.2 s at first, then at most every 5 s, for as long as the process runs. */
const reconnectDelay = (times: number) => Math.min(200 * times, 5000);

export function redisOptionsFromUrl(url: string): RedisOptions {
  const parsed = new URL(url);
  const db = parsed.pathname.replace(/^\//, '');
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(db && /^\d+$/.test(db) ? { db: Number(db) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

export function createRedisConnection(
  url: string,
  purpose: RedisPurpose,
  logger: Logger,
  name = `switchboard-${purpose}`,
): Redis {
  const client = new Redis({
    ...redisOptionsFromUrl(url),
    connectionName: name,
    retryStrategy: reconnectDelay,
    connectTimeout: 2000,
    ...(purpose === 'worker'
      ? { maxRetriesPerRequest: null, enableReadyCheck: false }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false }),
  });
  // Without a listener ioredis prints every failed reconnect; one line per outage is enough.
  let down = false;
  client.on('error', (err: NodeJS.ErrnoException) => {
    if (down) return;
    down = true;
    logger.warn(
      { redis: name, reason: err.code ?? err.message },
      'Redis unreachable; retrying in the background',
    );
  });
  client.on('ready', () => {
    if (down) logger.info({ redis: name }, 'Redis reachable again');
    down = false;
  });
  return client;
}

/** Redis's eviction policy; BullMQ loses jobs silently unless it is noeviction. */
export async function evictionPolicy(client: Redis): Promise<string> {
  const reply = (await client.config('GET', 'maxmemory-policy')) as string[];
  return reply[1] ?? 'unknown';
}
