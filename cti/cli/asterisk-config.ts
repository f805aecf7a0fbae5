import type { CliIo } from './io.js';

export const ASTERISK_CONFIG_USAGE =
  'asterisk-config --out DIR   (settings from the SWITCHBOARD_* environment only)';

/**
 * Hands `asterisk-config` and its arguments, untouched, to the command in cti/asterisk-config/.
 * Imported on demand: the other commands need not load the template renderer.
 */
export async function runAsteriskConfig(argv: string[], env: NodeJS.ProcessEnv, _io: CliIo): Promise<number> {
  const { runAsteriskConfigCommand } = await import('../asterisk-config/command.js');
  return runAsteriskConfigCommand(argv, env);
}
