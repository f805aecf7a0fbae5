import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import type { Test } from 'tap';
import { ticketServices } from '../../cti/tickets/ticket-services.js';
import { createSlaAndWebhooks } from '../../cti/webhooks/runtime.js';
import { buildTestApp } from '../helpers/app.js';

export const REDIS_URL = process.env.SWITCHBOARD_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The test app with the SLA and webhook runtime on real Redis, under a prefix of its own. */
export async function buildJobsApp(t: Test, env: Record<string, string> = {}) {
  const prefix = `sbtest-jobs-${process.pid}-${randomBytes(4).toString('hex')}`;
  const testApp = await buildTestApp(t, {
    env: {
      SWITCHBOARD_REDIS_URL: REDIS_URL,
      SWITCHBOARD_JOBS_QUEUE_PREFIX: prefix,
      SWITCHBOARD_WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
      SWITCHBOARD_WEBHOOK_BACKOFF_MS: '100',
      ...env,
    },
  });
  // Real time: BullMQ's delays run on it.
  const runtime = createSlaAndWebhooks({
    settings: testApp.settings,
    db: testApp.database.db,
    logger: testApp.deps.logger,
    clock: () => new Date(),
  });
  runtime.attach(ticketServices(testApp.deps).tickets.events);
  runtime.start();
  t.teardown(async () => {
    await runtime.stop();
    for (const name of ['sla', 'webhooks']) {
      const queue = new Queue(name, { connection: { url: REDIS_URL }, prefix });
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
    }
  });
  const admin = await testApp.signedIn('admin');
  return { ...testApp, runtime, admin };
}
