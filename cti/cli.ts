#!/usr/bin/env node
import { processIo } from './cli/io.js';
import { runCli } from './cli/run.js';

// The operator's entry point (`switchboard ...`); the daemon itself starts from main.ts.
try {
  process.exitCode = await runCli(process.argv.slice(2), process.env, processIo());
} catch (err) {
  process.stderr.write(`switchboard: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
}
