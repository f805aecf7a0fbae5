import { addUserCommand } from './add-user.js';
import { runAsteriskConfig } from './asterisk-config.js';
import { type CliCommand, parseFlags } from './command.js';
import { doctorCommand } from './doctor.js';
import { helpText } from './help.js';
import { CliFailure, type CliIo, EXIT } from './io.js';
import { migrateCommand } from './migrate.js';
import { resetPasswordCommand } from './reset-password.js';

const COMMANDS: readonly CliCommand[] = [migrateCommand, addUserCommand, resetPasswordCommand, doctorCommand];

/** `switchboard <command> ...`: runs one operator command and returns the process exit code. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write(helpText(COMMANDS));
    return EXIT.usage;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(helpText(COMMANDS));
    return EXIT.ok;
  }
  if (name === 'asterisk-config') return runAsteriskConfig(rest, env, io);
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`switchboard: unknown command ${JSON.stringify(name)}; "switchboard help" lists them\n`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`usage: switchboard ${command.usage}\n  ${command.summary}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run({ flags: parseFlags(command, rest), env, io });
  } catch (err) {
    if (!(err instanceof CliFailure)) throw err;
    for (const line of err.lines) io.stderr.write(`${line}\n`);
    return err.exitCode;
  }
}
