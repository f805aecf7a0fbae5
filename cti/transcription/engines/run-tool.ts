import { spawn } from 'node:child_process';
import { EngineError } from './engine.js';

/**
 * Runs a command-line tool and collects its standard output. A missing tool names its Debian
 * package and is not retried; anything else carries the tool's last words on stderr.
 */
export function runTool(
  command: string,
  args: readonly string[],
  options: { timeoutMs: number; debianPackage: string },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => {
      // Keep the tail only: pocketsphinx logs a lot to stderr.
      err = (err + d.toString()).slice(-4000);
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        e.code === 'ENOENT'
          ? new EngineError(`${command} is not installed (Debian package ${options.debianPackage})`, false)
          : new EngineError(`${command} could not start: ${e.message}`),
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(Buffer.concat(out).toString('utf8'));
      const lastLine = err.trim().split('\n').filter(Boolean).at(-1) ?? '';
      const how =
        signal === 'SIGKILL' ? `was stopped after ${options.timeoutMs} ms` : `exited with ${code ?? signal}`;
      reject(new EngineError(`${command} ${how}${lastLine ? `: ${lastLine}` : ''}`));
    });
  });
}
