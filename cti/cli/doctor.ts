import { dirname } from 'node:path';
import { type ProbeResult, probeAri } from '../infra/ari/probe.js';
import { probeRedis } from '../infra/redis/probe.js';
import type { CliCommand } from './command.js';
import { checkFreeSpace } from './disk-space.js';
import { checkAmi, checkDatabase } from './doctor-checks.js';
import { CliFailure, type CliIo, EXIT } from './io.js';
import { loadCliSettings } from './settings.js';

interface CheckLine {
  name: string;
  /** A string when the check does not apply, saying why (AMI not configured). */
  result: ProbeResult | { skipped: string };
}

export const doctorCommand: CliCommand = {
  name: 'doctor',
  summary: 'check settings, database, Asterisk (ARI, AMI), Redis and free disk; exit 1 if any fails',
  usage: 'doctor [--config FILE]',
  flags: [],
  async run({ flags, env, io }) {
    let settings: ReturnType<typeof loadCliSettings>;
    try {
      settings = loadCliSettings(env, flags.config);
    } catch (err) {
      if (!(err instanceof CliFailure)) throw err;
      // Config problems are reported as failed checks here, still one line each and still exit 2.
      for (const line of err.lines) io.stdout.write(`✘ settings  ${line.replace(/^config: /, '')}\n`);
      return err.exitCode;
    }
    const source = flags.config ?? env.SWITCHBOARD_CONFIG;
    print(io, {
      name: 'settings',
      result: { ok: true, detail: `valid (environment${source ? ` + ${source}` : ''})` },
    });
    // The network checks run side by side (each has its own time limit); lines print in a fixed order.
    const [ari, ami, redis, dbDisk, spoolDisk] = await Promise.all([
      probeAri(settings.ari.url, settings.ari.user, settings.ari.password),
      checkAmi(settings),
      probeRedis(settings.redis.url),
      checkFreeSpace('database directory', dirname(settings.database.path), false),
      settings.asterisk.spoolDir ? checkFreeSpace('Asterisk spool', settings.asterisk.spoolDir, true) : null,
    ]);
    const lines: CheckLine[] = [
      { name: 'database', result: checkDatabase(settings) },
      { name: 'ari', result: ari },
      { name: 'ami', result: ami ?? { skipped: 'not configured (SWITCHBOARD_AMI_HOST unset)' } },
      { name: 'redis', result: redis },
      { name: 'disk', result: dbDisk },
    ];
    if (spoolDisk) lines.push({ name: 'disk', result: spoolDisk });
    for (const line of lines) print(io, line);
    const failed = lines.filter((line) => 'ok' in line.result && !line.result.ok).length;
    io.stdout.write(failed === 0 ? 'all checks passed\n' : `${failed} check(s) failed\n`);
    return failed === 0 ? EXIT.ok : EXIT.failed;
  },
};

function print(io: CliIo, { name, result }: CheckLine): void {
  const [mark, detail] = 'skipped' in result ? ['-', result.skipped] : [result.ok ? '✔' : '✘', result.detail];
  io.stdout.write(`${mark} ${name.padEnd(9)} ${detail}\n`);
}
