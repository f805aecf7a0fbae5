import { parseArgs } from 'node:util';
import { CliFailure, type CliIo, EXIT } from './io.js';

export interface CommandContext {
  /** The command's --flags, all strings (`--config` included). */
  flags: Record<string, string | undefined>;
  env: NodeJS.ProcessEnv;
  io: CliIo;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Flags the command takes besides --config and --help, each taking a value. */
  flags: readonly string[];
  run(context: CommandContext): Promise<number>;
}

/** Parses `--name value` / `--name=value` flags; an unknown flag or a stray word is a usage error. */
export function parseFlags(command: CliCommand, argv: string[]): Record<string, string | undefined> {
  const options: Record<string, { type: 'string' }> = { config: { type: 'string' } };
  for (const flag of command.flags) options[flag] = { type: 'string' };
  try {
    const { values, positionals } = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
    if (positionals.length > 0) throw new Error(`unexpected argument ${JSON.stringify(positionals[0])}`);
    return values as Record<string, string | undefined>;
  } catch (err) {
    throw usageFailure(command, (err as Error).message);
  }
}

export function requiredFlag(
  command: CliCommand,
  flags: Record<string, string | undefined>,
  name: string,
): string {
  const value = flags[name];
  if (value === undefined || value.trim() === '') throw usageFailure(command, `--${name} is required`);
  return value;
}

export function usageFailure(command: CliCommand, problem: string): CliFailure {
  return new CliFailure(EXIT.usage, [`${command.name}: ${problem}`, `usage: switchboard ${command.usage}`]);
}
