import { closeSync, fstatSync, ftruncateSync, openSync, readSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RelayLogger } from './relay-logger';
import { decodeRecord } from './spool-format';

/** File name ending of a spool segment. */
export const SEGMENT_SUFFIX = '.seg';

/** The file of the segment whose first byte is at `base`. */
export function segmentPath(dir: string, base: number): string {
  return join(dir, String(base).padStart(20, '0') + SEGMENT_SUFFIX);
}

/** The base positions of the segments in `dir`, ascending. */
export function listSegmentBases(dir: string): number[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(SEGMENT_SUFFIX))
    .map((name) => Number(name.slice(0, -SEGMENT_SUFFIX.length)))
    .sort((a, b) => a - b);
}

/**
 * Checks every record of a segment after a crash and truncates the file at the first one that fails (torn header
 * or payload, bad magic, length, checksum or JSON), logging `spool tail skipped` with what was dropped.
 * Segments are bounded by the segment size, so the file is read in one go.
 * @returns the length of the valid prefix, bytes
 */
export function recoverSegment(dir: string, base: number, logger: RelayLogger): number {
  const fd = openSync(segmentPath(dir, base), 'r+');
  try {
    const fileBytes = fstatSync(fd).size;
    const buffer = Buffer.allocUnsafe(fileBytes);
    readSync(fd, buffer, 0, fileBytes, 0);
    let offset = 0;
    while (offset < fileBytes) {
      const decoded = decodeRecord(buffer, offset);
      if (!decoded.ok) {
        logger.warn('spool tail skipped', {
          segment: base,
          position: base + offset,
          defect: decoded.defect,
          skippedBytes: fileBytes - offset,
        });
        ftruncateSync(fd, offset);
        return offset;
      }
      offset += decoded.bytes;
    }
    return offset;
  } finally {
    closeSync(fd);
  }
}
