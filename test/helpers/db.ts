import { join } from 'node:path';
import type { Test } from 'tap';
import { applyMigrations, type DbHandle, openDatabase } from '../../cti/infra/db/client.js';

/** A migrated database in the test's own directory, closed when the test ends. */
export function testDatabase(t: Test): DbHandle {
  const handle = openDatabase(join(t.testdir(), 'switchboard.db'));
  applyMigrations(handle);
  t.teardown(() => handle.close());
  return handle;
}
