/** Where a command reads and writes: the process's streams in production, buffers in tests. */
export interface CliIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export function processIo(): CliIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}

/** A command stops with this: the lines go to stderr and the process exits with `exitCode`. */
export class CliFailure extends Error {
  override readonly name = 'CliFailure';

  constructor(
    readonly exitCode: number,
    readonly lines: string[],
  ) {
    super(lines.join('\n'));
  }
}

/** Exit codes the CLI uses, so scripts can tell a config problem from a failed check. */
export const EXIT = { ok: 0, failed: 1, config: 2, usage: 64, interrupted: 130 } as const;
