import type { AuditLog } from '../audit/audit-log.js';
import type { Settings } from '../config/settings.js';
import type { Db } from '../infra/db/client.js';
import { UserService } from './users.js';

export type BootstrapOutcome = 'created' | 'users_exist' | 'not_configured';

/**
 * On a fresh install, creates the admin named by SWITCHBOARD_ADMIN_USER / SWITCHBOARD_ADMIN_PASSWORD.
 * Does nothing once any user exists, so a forgotten env variable never overwrites a changed password;
 * there is no default password at all.
 */
export async function ensureBootstrapAdmin(
  db: Db,
  settings: Settings,
  audit: AuditLog,
): Promise<BootstrapOutcome> {
  const wanted = settings.auth.bootstrapAdmin;
  if (!wanted) return 'not_configured';
  const users = new UserService(db);
  if (users.count() > 0) return 'users_exist';
  const admin = await users.create({ username: wanted.username, role: 'admin', password: wanted.password });
  audit.record({
    actor: { type: 'system', name: 'bootstrap' },
    action: 'user.create',
    target: `user:${admin.username}`,
    details: { id: admin.id, role: admin.role, source: 'SWITCHBOARD_ADMIN_USER' },
  });
  return 'created';
}
