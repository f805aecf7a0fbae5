import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** What the disk says about a recording: its size, and for WAV how much audio it holds. */
export interface RecordingFileInfo {
  sizeBytes: number;
  /** Null when the format is not WAV or its header cannot be read. */
  durationMs: number | null;
}

/** Asterisk writes ARI recordings to <spool>/recording/<name>.<format>. */
export function recordingPath(spoolDir: string, name: string, format: string): string {
  return join(spoolDir, 'recording', `${name}.${format}`);
}

/** Null when the file is not there (not started yet, deleted, or another host's spool). */
export async function inspectRecordingFile(path: string, format: string): Promise<RecordingFileInfo | null> {
  let sizeBytes: number;
  try {
    sizeBytes = (await stat(path)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const durationMs = format === 'wav' ? await wavDurationMs(path, sizeBytes) : null;
  return { sizeBytes, durationMs };
}

/**
 * Audio length from the fmt chunk's byte rate and the bytes after the data chunk header. The file
 * size, not the data chunk's length field, counts: Asterisk fills that field in only when it closes
 * the file, so a recording in progress reads as empty by its header.
 */
export async function wavDurationMs(path: string, sizeBytes: number): Promise<number | null> {
  const handle = await open(path, 'r');
  try {
    const header = Buffer.alloc(Math.min(sizeBytes, 512));
    await handle.read(header, 0, header.length, 0);
    return wavDurationFromHeader(header, sizeBytes);
  } finally {
    await handle.close();
  }
}

export function wavDurationFromHeader(header: Buffer, sizeBytes: number): number | null {
  if (
    header.length < 12 ||
    header.toString('ascii', 0, 4) !== 'RIFF' ||
    header.toString('ascii', 8, 12) !== 'WAVE'
  )
    return null;
  let byteRate: number | null = null;
  let at = 12;
  while (at + 8 <= header.length) {
    const id = header.toString('ascii', at, at + 4);
    const size = header.readUInt32LE(at + 4);
    // fmt data: format (2 bytes), channels (2), sample rate (4), byte rate (4).
    if (id === 'fmt ' && at + 20 <= header.length) byteRate = header.readUInt32LE(at + 16);
    if (id === 'data') {
      if (!byteRate) return null;
      return Math.round((Math.max(0, sizeBytes - (at + 8)) * 1000) / byteRate);
    }
    at += 8 + size + (size % 2);
  }
  return null;
}
