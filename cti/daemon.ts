import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { AuditLog } from './audit/audit-log.js';
import { ensureBootstrapAdmin } from './auth/bootstrap.js';
import { createCallHandling } from './call-handling.js';
import { destroyEmptyOwnBridges } from './calls/own-bridges.js';
import type { Settings } from './config/settings.js';
import { AmiConnection } from './infra/ami/connection.js';
import { probeAri } from './infra/ari/probe.js';
import { AriSupervisor } from './infra/ari/supervisor.js';
import { applyMigrations, openDatabase } from './infra/db/client.js';
import type { Logger } from './infra/logger.js';
import { createMetrics } from './infra/metrics.js';
import { probeRedis } from './infra/redis/probe.js';
import { createIvrServices } from './ivr/ivr-services.js';
import { AriSoundCatalog } from './ivr/sound-catalog.js';
import { Softphone } from './softphone/softphone-service.js';
import { createSupervision } from './supervision/runtime.js';
import { ticketServices } from './tickets/ticket-services.js';
import { createTranscription } from './transcription/runtime.js';
import { createSlaAndWebhooks } from './webhooks/runtime.js';

/** How often softphone accounts of expired sessions are looked for. */
const SOFTPHONE_SWEEP_MS = 30_000;

/** A start-up problem the operator must fix; main prints its message alone and exits non-zero. */
export class StartupError extends Error {}

export interface RunningDaemon {
  app: FastifyInstance;
  /** Stops taking requests, lets live calls finish (up to the drain limit), then closes everything. */
  shutdown(reason: string): Promise<void>;
}

export async function startDaemon(settings: Settings, logger: Logger): Promise<RunningDaemon> {
  const clock = () => new Date();
  const database = openDatabase(settings.database.path);
  applyMigrations(database);
  const audit = new AuditLog(database.db, clock);
  await ensureBootstrapAdmin(database.db, settings, audit);

  await waitForAri(settings, logger);
  const metrics = createMetrics();
  const ari = new AriSupervisor({ ...settings.ari, logger, metrics });
  const ami = settings.ami ? new AmiConnection(settings.ami, logger.child({ component: 'ami' })) : null;

  const softphone = new Softphone({
    db: database.db,
    rest: () => ari.rest,
    ariStatus: () => ari.status(),
    settings,
    clock,
    logger,
  });
  const sounds = new AriSoundCatalog(() => ari.rest.listSounds(), logger);
  const ivr = createIvrServices({ db: database.db, settings, clock, sounds, logger, audit });
  const { callLog, tracker, acd } = createCallHandling({
    settings,
    db: database.db,
    ari,
    ivr,
    logger,
    metrics,
    softphone,
    clock,
  });

  // Supervisors listen, whisper and barge on connected ACD calls over snoop channels (see supervision/).
  const supervision = createSupervision({
    settings,
    db: database.db,
    ari,
    acd,
    callLog,
    softphone,
    audit,
    clock,
    logger,
  });

  // Call recordings → outbox → BullMQ → transcripts; never on the call path's way (see transcription/).
  const transcription = createTranscription({ settings, db: database.db, logger, clock });
  ari.onEvent(transcription.recordingEvents);
  ari.onConnected(async () => transcription.sweepLostRecordings());

  // Ticket events → SLA timers and webhook deliveries → outbox → BullMQ (see webhooks/runtime.ts).
  const slaAndWebhooks = createSlaAndWebhooks({ settings, db: database.db, logger, clock });

  const appDeps = {
    settings,
    db: database.db,
    logger,
    metrics,
    ari,
    ami,
    probeRedis: () => probeRedis(settings.redis.url),
    callLog,
    audit,
    liveCallCount: () => tracker.size,
    ivr,
    acd,
    softphone,
    transcription,
    supervision,
    clock,
  };
  const app = await buildApp(appDeps);
  slaAndWebhooks.attach(ticketServices(appDeps).tickets.events);
  callLog.onCallEnded((call) => slaAndWebhooks.callEnded(call));
  await listen(app, settings);
  transcription.start();
  slaAndWebhooks.start();
  // Softphone accounts of sessions that ended while the daemon was down go at the first connect.
  ari.onConnected(() => softphone.reconcile());
  const softphoneSweep = setInterval(() => void softphone.sweep(), SOFTPHONE_SWEEP_MS);
  softphoneSweep.unref();
  await ari.start();
  await sounds.start();
  // After an Asterisk restart (or upgrade) drafts are checked against its current sounds.
  ari.onConnected(() => sounds.start());
  if (ami) {
    const amiResult = await ami.start();
    if (!amiResult.ok)
      logger.warn({ detail: amiResult.detail }, 'AMI not connected at start; retrying in the background');
  }
  logger.info({ url: settings.http.publicUrl }, 'switchboard is up');

  let stopping: Promise<void> | null = null;
  const shutdown = (reason: string) => {
    stopping ??= (async () => {
      logger.info({ reason, liveCalls: tracker.size }, 'shutting down: draining live calls');
      clearInterval(softphoneSweep);
      await app.realtime.close(`the daemon is stopping (${reason})`);
      await app.close();
      const drained = await tracker.drained(settings.calls.shutdownDrainSeconds * 1000);
      if (!drained)
        logger.warn(
          { liveCalls: tracker.size },
          'drain time over; calls left in the app are adopted by the next start',
        );
      await supervision
        .endAll('the daemon is stopping')
        .catch((err) => logger.warn({ err }, 'could not end monitors before stopping'));
      await destroyEmptyOwnBridges(ari.rest, (id) => tracker.get(id) !== undefined).catch((err) =>
        logger.warn({ err }, 'could not tidy up bridges before stopping'),
      );
      await ari.stop();
      ami?.stop();
      await transcription.stop();
      await slaAndWebhooks.stop();
      database.close();
      logger.info('stopped');
    })();
    return stopping;
  };
  return { app, shutdown };
}

/** Asterisk may still be booting when the daemon starts: retry briefly, then name the URL and the reason. */
async function waitForAri(settings: Settings, logger: Logger): Promise<void> {
  const deadline = Date.now() + settings.ari.startTimeoutSeconds * 1000;
  for (;;) {
    const result = await probeAri(settings.ari.url, settings.ari.user, settings.ari.password);
    if (result.ok) {
      logger.info({ detail: result.detail }, 'ARI reachable');
      return;
    }
    if (Date.now() > deadline || result.detail.includes('refused user')) {
      throw new StartupError(`cannot start: ${result.detail} (SWITCHBOARD_ARI_URL)`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function listen(app: FastifyInstance, settings: Settings): Promise<void> {
  try {
    await app.listen({ host: settings.http.host, port: settings.http.port });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new StartupError(
        `cannot start: port ${settings.http.port} on ${settings.http.host} is already in use (SWITCHBOARD_HTTP_PORT)`,
      );
    }
    if (code === 'EADDRNOTAVAIL') {
      throw new StartupError(
        `cannot start: address ${settings.http.host} is not on this machine (SWITCHBOARD_HTTP_HOST)`,
      );
    }
    throw err;
  }
}
