import { pino } from 'pino';
import type { Settings } from '../config/settings.js';

export type Logger = pino.Logger;

/** Structured JSON logs; secrets that may ride along in objects are redacted by key. */
export function createLogger(level: Settings['logLevel'], destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'switchboard' },
      redact: {
        paths: ['password', '*.password', 'token', '*.token', 'headers.authorization'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
