import { badRequest, ClientError, conflict } from '../http/errors.js';
import { WeakPasswordError } from './passwords.js';
import { AuthRuleError } from './rule-error.js';

/** Runs a service call and turns its rule errors into the 4xx the client should see; others pass through. */
export async function withHttpErrors<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw toClientError(err);
  }
}

function toClientError(err: unknown): unknown {
  if (err instanceof WeakPasswordError) return badRequest(err.message);
  if (!(err instanceof AuthRuleError)) return err;
  switch (err.kind) {
    case 'not_found':
      return new ClientError(404, 'not_found', err.message);
    case 'conflict':
      return conflict(err.message);
    case 'invalid':
      return badRequest(err.message);
  }
}
