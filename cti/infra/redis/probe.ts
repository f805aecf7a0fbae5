import { Redis } from 'ioredis';
import type { ProbeResult } from '../ari/probe.js';

/** Connects, PINGs and reads the eviction policy (BullMQ jobs must never be evicted). */
export async function probeRedis(url: string, timeoutMs = 2000): Promise<ProbeResult> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // ioredis rejects connect() with a bare "Connection is closed."; the cause comes as an 'error' event.
  let cause: NodeJS.ErrnoException | null = null;
  client.on('error', (err: NodeJS.ErrnoException) => {
    cause ??= err;
  });
  try {
    await client.connect();
    await client.ping();
    const policy = (await client.config('GET', 'maxmemory-policy')) as string[];
    const eviction = policy[1] ?? 'unknown';
    const warning =
      eviction === 'noeviction' ? '' : ` (maxmemory-policy is ${eviction}; background jobs need noeviction)`;
    return { ok: true, detail: `Redis at ${redact(url)}${warning}` };
  } catch (err) {
    const reason = cause ?? (err as NodeJS.ErrnoException);
    return { ok: false, detail: `Redis at ${redact(url)} unreachable (${reason.code ?? reason.message})` };
  } finally {
    client.disconnect();
  }
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
