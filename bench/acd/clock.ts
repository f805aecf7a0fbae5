// One clock for the harness: wall-clock microseconds, comparable with the `At` marks Asterisk takes
// with STRFTIME(,,%s.%6q) on the same host.
import { performance } from 'node:perf_hooks';

export function wallClockUs(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
