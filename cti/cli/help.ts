import { SETTING_SPECS } from '../config/settings.js';
import { ASTERISK_CONFIG_USAGE } from './asterisk-config.js';
import type { CliCommand } from './command.js';

/** The full help: commands, exit codes and every setting, from the same data the validator uses. */
export function helpText(commands: readonly CliCommand[]): string {
  const usages = [
    ...commands.map((c) => [c.usage, c.summary]),
    [ASTERISK_CONFIG_USAGE, 'write Asterisk configuration files for this daemon'],
    ['help', 'this text'],
  ];
  const width = Math.max(...SETTING_SPECS.map((s) => s.env.length)) + 2;
  const settings = SETTING_SPECS.map(
    (s) => `  ${s.env.padEnd(width)}${s.help}${s.default ? ` (default ${s.default})` : ''}`,
  );
  return [
    'usage: switchboard <command> [flags]',
    '',
    'commands:',
    ...usages.flatMap(([usage, summary]) => [`  switchboard ${usage}`, `      ${summary}`]),
    '',
    'settings come from the environment, or from a JSON/YAML file given with --config FILE',
    '(or SWITCHBOARD_CONFIG); the environment wins:',
    ...settings,
    '',
    'exit codes: 0 done, 1 failed, 2 configuration problem, 64 wrong usage',
    '',
  ].join('\n');
}
