// CPU time of a process from /proc/<pid>/stat (utime + stime, every thread included).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** utime+stime in ms from the text of /proc/<pid>/stat. The command name may hold spaces and ')'. */
export function cpuMsFromStat(stat: string, ticks: number): number {
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state); utime and stime are fields 14 and 15.
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime))
    throw new Error(`unreadable /proc stat: ${stat.slice(0, 80)}`);
  return ((utime + stime) * 1000) / ticks;
}

export function processCpuMs(pid: number): number {
  return cpuMsFromStat(readFileSync(`/proc/${pid}/stat`, 'utf8'), clockTicks());
}

/** Summed CPU of several processes; a process that is gone counts as 0 (and is reported by the caller). */
export function totalCpuMs(pids: readonly number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      total += processCpuMs(pid);
    } catch {
      // gone
    }
  }
  return total;
}

export interface CpuWindow {
  startMs: number;
  startWallMs: number;
}

export function cpuWindow(pids: readonly number[]): CpuWindow {
  return { startMs: totalCpuMs(pids), startWallMs: performance.now() };
}

/** CPU ms used since the window opened, and the wall time it covered. */
export function closeCpuWindow(
  window: CpuWindow,
  pids: readonly number[],
): { cpuMs: number; wallMs: number } {
  return { cpuMs: totalCpuMs(pids) - window.startMs, wallMs: performance.now() - window.startWallMs };
}
