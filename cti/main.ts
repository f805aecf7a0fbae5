import { parseArgs } from 'node:util';
import { ConfigError, loadSettings } from './config/load.js';
import type { Settings } from './config/settings.js';
import { StartupError, startDaemon } from './daemon.js';
import { createLogger } from './infra/logger.js';

/** The daemon's entry point: settings, start, signals. Everything else lives in daemon.ts. */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { config: { type: 'string' } }, strict: true });
  let settings: Settings;
  try {
    settings = loadSettings(process.env, values.config);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const problem of err.problems) process.stderr.write(`config: ${problem}\n`);
    return 2;
  }
  const logger = createLogger(settings.logLevel);
  try {
    const daemon = await startDaemon(settings, logger);
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        daemon.shutdown(signal).then(
          () => process.exit(0),
          (err) => {
            logger.error({ err }, 'shutdown failed');
            process.exit(1);
          },
        );
      });
    }
    return -1;
  } catch (err) {
    if (err instanceof StartupError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err) => {
    process.stderr.write(`switchboard failed to start: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
