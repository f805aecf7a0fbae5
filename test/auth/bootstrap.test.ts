import t from 'tap';
import { auditLog } from '../../cti/audit/schema.js';
import { ensureBootstrapAdmin } from '../../cti/auth/bootstrap.js';
import { users } from '../../cti/auth/schema.js';
import { type ConfigError, loadSettings } from '../../cti/config/load.js';
import { buildTestApp, TEST_PASSWORD } from '../helpers/app.js';

const BOOTSTRAP = {
  SWITCHBOARD_ADMIN_USER: 'root-admin',
  SWITCHBOARD_ADMIN_PASSWORD: 'first-admin-password',
};

t.test('creates the configured admin on an empty database, audited as system', async (t) => {
  const { deps, login, database } = await buildTestApp(t, { env: BOOTSTRAP });
  t.equal(await ensureBootstrapAdmin(deps.db, deps.settings, deps.audit), 'created');
  t.equal((await login('root-admin', 'first-admin-password')).statusCode, 200);
  const rows = database.db.select().from(auditLog).all();
  t.match(rows[0], {
    actorType: 'system',
    actorName: 'bootstrap',
    action: 'user.create',
    target: 'user:root-admin',
  });
  t.notOk(JSON.stringify(rows).includes('first-admin-password'));
  t.equal(
    await ensureBootstrapAdmin(deps.db, deps.settings, deps.audit),
    'users_exist',
    'a second start does nothing',
  );
});

t.test('never touches an existing install', async (t) => {
  const { deps, createUser, database } = await buildTestApp(t, { env: BOOTSTRAP });
  await createUser('agent', { username: 'someone' });
  t.equal(await ensureBootstrapAdmin(deps.db, deps.settings, deps.audit), 'users_exist');
  t.same(database.db.select({ username: users.username }).from(users).all(), [{ username: 'someone' }]);
});

t.test('does nothing when not configured, and there is no default password', async (t) => {
  const { deps, database, login } = await buildTestApp(t);
  t.equal(await ensureBootstrapAdmin(deps.db, deps.settings, deps.audit), 'not_configured');
  t.equal(database.db.select().from(users).all().length, 0);
  t.equal((await login('admin', 'admin')).statusCode, 401, 'no admin/admin');
  t.equal((await login('admin', TEST_PASSWORD)).statusCode, 401);
});

t.test('settings refuse a short bootstrap password before any of this runs', async (t) => {
  const env = {
    ...BOOTSTRAP,
    SWITCHBOARD_ADMIN_PASSWORD: 'short',
    SWITCHBOARD_ARI_URL: 'http://127.0.0.1:1',
    SWITCHBOARD_ARI_USER: 'u',
    SWITCHBOARD_ARI_PASSWORD: 'p',
  };
  const problems = (() => {
    try {
      loadSettings(env);
      return [];
    } catch (err) {
      return (err as ConfigError).problems;
    }
  })();
  t.same(problems, ['SWITCHBOARD_ADMIN_PASSWORD: must be at least 12 characters']);
});
