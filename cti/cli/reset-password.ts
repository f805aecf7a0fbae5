import { AuditLog } from '../audit/audit-log.js';
import { passwordProblem } from '../auth/passwords.js';
import { SessionStore } from '../auth/sessions.js';
import { UserService } from '../auth/users.js';
import { cliActor } from './actor.js';
import { type CliCommand, requiredFlag } from './command.js';
import { openMigratedDatabase } from './database.js';
import { CliFailure, EXIT } from './io.js';
import { readNewPassword } from './password-input.js';
import { asCliFailure } from './rule-failure.js';
import { loadCliSettings } from './settings.js';

export const resetPasswordCommand: CliCommand = {
  name: 'reset-password',
  summary: "set a user's password from stdin and end their sessions",
  usage: 'reset-password --username U [--config FILE]   (password on stdin)',
  flags: ['username'],
  async run({ flags, env, io }) {
    const username = requiredFlag(resetPasswordCommand, flags, 'username');
    const settings = loadCliSettings(env, flags.config);
    const handle = openMigratedDatabase(settings);
    try {
      const users = new UserService(handle.db);
      const user = users.findByUsername(username);
      if (!user)
        throw new CliFailure(EXIT.failed, [`reset-password: no user "${username}"; nothing changed`]);
      const password = await readNewPassword(io, user.username);
      const weak = passwordProblem(password);
      if (weak) throw new CliFailure(EXIT.failed, [`reset-password: ${weak}; nothing changed`]);
      await users.setPassword(user.id, password).catch(asCliFailure);
      const sessions = new SessionStore(handle.db, () => new Date(), settings.auth.sessionHours);
      const sessionsEnded = sessions.endAllForUser(user.id);
      new AuditLog(handle.db).record({
        actor: cliActor(),
        action: 'user.password_reset',
        target: `user:${user.username}`,
        details: { sessionsEnded },
      });
      io.stdout.write(`password of "${user.username}" changed; ${sessionsEnded} session(s) ended\n`);
      return EXIT.ok;
    } finally {
      handle.close();
    }
  },
};
