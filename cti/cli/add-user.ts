import { AuditLog } from '../audit/audit-log.js';
import { passwordProblem } from '../auth/passwords.js';
import { ROLES, type Role } from '../auth/schema.js';
import { UserService } from '../auth/users.js';
import { cliActor } from './actor.js';
import { type CliCommand, requiredFlag, usageFailure } from './command.js';
import { openMigratedDatabase } from './database.js';
import { CliFailure, EXIT } from './io.js';
import { readNewPassword } from './password-input.js';
import { asCliFailure } from './rule-failure.js';
import { loadCliSettings } from './settings.js';

export const addUserCommand: CliCommand = {
  name: 'add-user',
  summary: 'create a user; the password is read from stdin',
  usage: `add-user --username U --role ${ROLES.join('|')} [--display-name N] [--config FILE]   (password on stdin)`,
  flags: ['username', 'role', 'display-name'],
  async run({ flags, env, io }) {
    const username = requiredFlag(addUserCommand, flags, 'username');
    const role = requiredFlag(addUserCommand, flags, 'role');
    if (!(ROLES as readonly string[]).includes(role)) {
      throw usageFailure(
        addUserCommand,
        `--role ${JSON.stringify(role)} is not a role; use one of ${ROLES.join(', ')}`,
      );
    }
    const settings = loadCliSettings(env, flags.config);
    // Database and name are checked before asking, so nobody types a password for nothing.
    const handle = openMigratedDatabase(settings);
    try {
      const users = new UserService(handle.db);
      const taken = users.findByUsername(username);
      if (taken)
        throw new CliFailure(EXIT.failed, [
          `add-user: username "${taken.username}" is already taken (user ${taken.id}); nothing changed`,
        ]);
      const password = await readNewPassword(io, username);
      const weak = passwordProblem(password);
      if (weak) throw new CliFailure(EXIT.failed, [`add-user: ${weak}; nothing changed`]);
      const user = await users
        .create({ username, role: role as Role, password, displayName: flags['display-name'] })
        .catch(asCliFailure);
      new AuditLog(handle.db).record({
        actor: cliActor(),
        action: 'user.create',
        target: `user:${user.username}`,
        details: { id: user.id, role: user.role, displayName: user.displayName },
      });
      io.stdout.write(`created ${user.role} "${user.username}" (user ${user.id})\n`);
      return EXIT.ok;
    } finally {
      handle.close();
    }
  },
};
