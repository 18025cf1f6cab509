import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SpoolIoError } from './errors';

/** File name of the acknowledged position inside the spool directory. */
export const ACK_CURSOR_FILE = 'ack.json';

/**
 * Reads the spool position Kinesis has acknowledged (bytes into the spool's global offset space), or null when
 * none was saved yet. A cursor file that cannot be parsed is a fault, not a reason to start from zero silently.
 */
export function readAckCursor(dir: string): number | null {
  const path = join(dir, ACK_CURSOR_FILE);
  if (!existsSync(path)) return null;
  const text = readFileSync(path, 'utf8');
  const position = (JSON.parse(text) as { position?: unknown }).position;
  if (typeof position !== 'number' || !Number.isSafeInteger(position) || position < 0)
    throw new SpoolIoError(`${path} must hold {"position": <integer >= 0>}, received ${text.slice(0, 80)}`, null);
  return position;
}

/**
 * Saves the acknowledged position atomically: write a temp file, fsync it, rename it over the old one, fsync the
 * directory. A crash at any point leaves either the old cursor or the new one, never a torn file.
 */
export function writeAckCursor(dir: string, position: number): void {
  const path = join(dir, ACK_CURSOR_FILE);
  const temp = `${path}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, JSON.stringify({ position }));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  fsyncDirectory(dirname(path));
}

/** Makes a rename or a new file in `dir` durable. */
export function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
