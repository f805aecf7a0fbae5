// The transcription worker alone (SWITCHBOARD_TRANSCRIPTION_WORKER=off in the daemon):
// `node dist/cti/transcription/worker-main.js`, same settings as the daemon, on a host that can
// read Asterisk's spool directory and the daemon's SQLite file.
import { ConfigError, loadSettings } from '../config/load.js';
import { applyMigrations, openDatabase } from '../infra/db/client.js';
import { createLogger } from '../infra/logger.js';
import { createRedisConnection } from '../infra/redis/connection.js';
import { engineFromSettings } from './engines/index.js';
import { TranscriptEvents } from './events.js';
import { warnUnlessNoEviction } from './runtime.js';
import { startTranscriptionWorker } from './worker.js';

async function main(): Promise<number> {
  let settings: ReturnType<typeof loadSettings>;
  try {
    settings = loadSettings(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const problem of err.problems) process.stderr.write(`config: ${problem}\n`);
    return 2;
  }
  const logger = createLogger(settings.logLevel);
  const database = openDatabase(settings.database.path);
  applyMigrations(database);
  const connection = createRedisConnection(
    settings.redis.url,
    'worker',
    logger,
    'switchboard-transcription-worker',
  );
  warnUnlessNoEviction(connection, logger);
  const worker = startTranscriptionWorker({
    db: database.db,
    engine: engineFromSettings(settings.transcription),
    events: new TranscriptEvents(),
    spoolDir: settings.asterisk.spoolDir,
    redactGuardMs: settings.transcription.redactGuardMs,
    clock: () => new Date(),
    connection,
    concurrency: settings.transcription.concurrency,
    prefix: settings.transcription.queuePrefix,
    logger,
  });
  logger.info({ engine: settings.transcription.engine }, 'transcription worker running');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      // Lets the job in hand finish; a job cut short by a second signal is retried as stalled.
      void worker.close().finally(() => {
        connection.disconnect();
        database.close();
        process.exit(0);
      });
    });
  }
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err) => {
    process.stderr.write(`transcription worker failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
