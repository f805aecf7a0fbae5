import { existsSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { ProbeResult } from '../infra/ari/probe.js';

/** Below this the database or recordings may fill the disk within a busy day. */
export const MIN_FREE_BYTES = 1024 ** 3;

/** Free space on the file system holding `dir` (or its nearest existing parent, before the first run). */
export async function checkFreeSpace(what: string, dir: string, mustExist: boolean): Promise<ProbeResult> {
  const wanted = resolve(dir);
  if (mustExist && !existsSync(wanted)) return { ok: false, detail: `${what} ${wanted} does not exist` };
  const measured = nearestExisting(wanted);
  try {
    const fs = await statfs(measured);
    const free = fs.bavail * fs.bsize;
    const share = fs.blocks > 0 ? Math.round((fs.bavail / fs.blocks) * 100) : 0;
    const detail = `${gib(free)} free (${share}%) for the ${what} at ${wanted}`;
    if (free < MIN_FREE_BYTES)
      return { ok: false, detail: `only ${detail}; keep at least ${gib(MIN_FREE_BYTES)}` };
    return { ok: true, detail };
  } catch (err) {
    return { ok: false, detail: `cannot measure free space at ${measured}: ${(err as Error).message}` };
  }
}

function nearestExisting(path: string): string {
  let current = path;
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  return current;
}

function gib(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}
