import { AuthRuleError } from '../auth/rule-error.js';
import { CliFailure, EXIT } from './io.js';

/** Turns a broken user rule (duplicate name, unknown user...) into a one-line CLI failure. */
export function asCliFailure(err: unknown): never {
  if (err instanceof AuthRuleError) throw new CliFailure(EXIT.failed, [`${err.message}; nothing changed`]);
  throw err;
}
