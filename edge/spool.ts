import { closeSync, fdatasyncSync, mkdirSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { fsyncDirectory, readAckCursor, writeAckCursor } from './ack-cursor';
import { SpoolFullError, SpoolStateError } from './errors';
import type { RelayLogger } from './relay-logger';
import { listSegmentBases, recoverSegment, segmentPath } from './spool-recovery';
import { decodeRecord, encodeRecord, recordLength, type SpoolPayload } from './spool-format';

/** When appended records reach the disk: after every `append` call, or at most `everyMillis` later. */
export type FsyncPolicy = { readonly kind: 'per-batch' } | { readonly kind: 'interval'; readonly everyMillis: number };

/** Where and how the spool keeps its files. */
export interface SpoolOptions {
  /** Directory of the segment files and the ack cursor; created if missing. */
  readonly dir: string;
  readonly logger: RelayLogger;
  /** Size at which a segment is closed and a new one started, bytes. @default 64 MiB — small enough to free disk soon after an ack */
  readonly segmentBytes?: number;
  /** Disk bound on unacknowledged bytes; an append beyond it throws SpoolFullError. @default 2 GiB — about 25 h of 200 fixes/s at ~120 B per fix */
  readonly maxBytes?: number;
  /** Share of `maxBytes` at which the spool warns that it is filling up. @default 0.8 */
  readonly warnRatio?: number;
  /** @default per-batch — nothing acknowledged to the mesh is lost on power failure */
  readonly fsync?: FsyncPolicy;
}

/** One record read back: its position, the position after it, and its payload. */
export interface SpoolEntry {
  readonly position: number;
  readonly next: number;
  readonly payload: SpoolPayload;
}

interface Segment {
  readonly base: number;
  /** Bytes of valid records; a corrupt tail beyond it is never read. */
  size: number;
}

const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * Append-only, crash-safe log of fix batches in the race truck (issue 8). Positions are byte offsets in one global
 * space; each segment file is named after the position of its first byte. The ack cursor is the position up to
 * which Kinesis has confirmed every record; on open, the spool resumes from it and drops any torn tail with a warning.
 */
export class Spool {
  private readonly segments: Segment[] = [];
  private readonly segmentBytes: number;
  private readonly maxBytes: number;
  private readonly warnBytes: number;
  private readonly fsyncPolicy: FsyncPolicy;
  private activeFd: number;
  private acked: number;
  private dirty = false;
  private warned = false;
  private timer: NodeJS.Timeout | undefined;

  private constructor(private readonly options: SpoolOptions) {
    this.segmentBytes = options.segmentBytes ?? 64 * 1024 * 1024;
    this.maxBytes = options.maxBytes ?? 2 * 1024 * 1024 * 1024;
    this.warnBytes = this.maxBytes * (options.warnRatio ?? 0.8);
    this.fsyncPolicy = options.fsync ?? { kind: 'per-batch' };
    mkdirSync(options.dir, { recursive: true });
    this.acked = readAckCursor(options.dir) ?? 0;
    this.recover();
    const last = this.segments.at(-1) ?? this.createSegment(this.acked);
    // A cursor past the recovered end (records lost under the interval policy) must not hide new appends.
    this.acked = Math.min(Math.max(this.acked, this.segments[0]?.base ?? 0), last.base + last.size);
    this.activeFd = openSync(this.segmentPath(last.base), 'r+');
    if (this.fsyncPolicy.kind === 'interval') {
      this.timer = setInterval(() => this.flush(), this.fsyncPolicy.everyMillis);
      this.timer.unref();
    }
  }

  /** Opens (or creates) the spool in `options.dir`, recovering from a crash if needed. */
  static open(options: SpoolOptions): Spool {
    return new Spool(options);
  }

  /** Position after the last valid record: where the next append goes. */
  get end(): number {
    const last = this.segments.at(-1);
    return last ? last.base + last.size : this.acked;
  }

  /** Position up to which Kinesis has acknowledged every record. */
  get ackedPosition(): number {
    return this.acked;
  }

  /** Bytes written but not yet acknowledged: what the disk bound applies to. */
  get unackedBytes(): number {
    return this.end - this.acked;
  }

  /** The disk bound, bytes. */
  get capacityBytes(): number {
    return this.maxBytes;
  }

  /**
   * Appends batches as records, all or none, and (with the per-batch policy) fsyncs before returning.
   * @returns the positions of the first record and after the last one
   * @throws SpoolFullError when the batches would take the unacknowledged bytes over `maxBytes`; nothing is written
   */
  append(batches: readonly SpoolPayload[]): { readonly start: number; readonly end: number } {
    const records = batches.map(encodeRecord);
    const bytes = records.reduce((sum, r) => sum + r.length, 0);
    if (this.unackedBytes + bytes > this.maxBytes) throw new SpoolFullError(this.unackedBytes + bytes, this.maxBytes);
    const start = this.end;
    for (const record of records) this.write(record);
    if (this.fsyncPolicy.kind === 'per-batch') this.flush();
    else this.dirty = true;
    this.checkFill();
    return { start, end: this.end };
  }

  /** Forces appended records to disk (the interval policy calls this on its timer). */
  flush(): void {
    fdatasyncSync(this.activeFd);
    this.dirty = false;
  }

  /**
   * Reads up to `maxRecords` records from `from` on and before the record boundary `before`, skipping holes left by a
   * corrupt segment. Bounding the read matters: a lane that only wants what lies behind another lane would otherwise
   * decode everything up to the spool end on every poll.
   */
  read(from: number, maxRecords: number, before = Number.POSITIVE_INFINITY): SpoolEntry[] {
    const entries: SpoolEntry[] = [];
    let position = Math.max(from, this.acked);
    while (entries.length < maxRecords && position < before) {
      const segment = this.segmentAt(position);
      if (!segment) break;
      position = Math.max(position, segment.base);
      const limit = segment.base + segment.size;
      if (position >= limit) {
        if (segment === this.segments.at(-1)) break;
        position = limit;
        continue;
      }
      const readEnd = Math.min(limit, before);
      if (position >= readEnd) break;
      const chunk = this.readChunk(segment, position - segment.base, Math.min(READ_CHUNK_BYTES, readEnd - position));
      let offset = 0;
      while (entries.length < maxRecords && offset < chunk.length) {
        const decoded = decodeRecord(chunk, offset);
        if (!decoded.ok) {
          const length = recordLength(chunk, offset);
          if (offset === 0 && length !== null && length > chunk.length && position + length <= limit) {
            entries.push(...this.readLarge(segment, position, length));
            offset = length;
            continue;
          }
          if (offset > 0 && (decoded.defect === 'torn-header' || decoded.defect === 'torn-payload')) break;
          this.options.logger.warn('spool record unreadable, rest of segment skipped', {
            segment: segment.base,
            position: position + offset,
            defect: decoded.defect,
          });
          segment.size = position + offset - segment.base;
          break;
        }
        entries.push({
          position: position + offset,
          next: position + offset + decoded.bytes,
          payload: decoded.payload,
        });
        offset += decoded.bytes;
      }
      position += offset;
      if (offset === 0 && position < segment.base + segment.size) break;
    }
    return entries;
  }

  /**
   * Persists `position` as acknowledged (atomically) and deletes the segments wholly before it.
   * A position behind the current cursor is ignored: acknowledgements only move forward.
   */
  ack(position: number): void {
    if (position <= this.acked) return;
    this.acked = Math.min(position, this.end);
    writeAckCursor(this.options.dir, this.acked);
    while (this.segments.length > 1) {
      const first = this.segments[0];
      const second = this.segments[1];
      if (!first || !second || second.base > this.acked) break;
      unlinkSync(this.segmentPath(first.base));
      this.segments.shift();
    }
    this.checkFill();
  }

  /** Flushes, stops the fsync timer and closes the active segment. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.dirty) this.flush();
    closeSync(this.activeFd);
  }

  private write(record: Buffer): void {
    const active = this.segments.at(-1);
    if (!active) throw new SpoolStateError('spool has no active segment');
    if (active.size > 0 && active.size + record.length > this.segmentBytes) {
      fdatasyncSync(this.activeFd);
      closeSync(this.activeFd);
      const next = this.createSegment(active.base + active.size);
      this.activeFd = openSync(this.segmentPath(next.base), 'r+');
      this.write(record);
      return;
    }
    writeSync(this.activeFd, record, 0, record.length, active.size);
    active.size += record.length;
  }

  private checkFill(): void {
    const used = this.unackedBytes;
    if (!this.warned && used >= this.warnBytes) {
      this.warned = true;
      this.options.logger.warn('spool nearly full', { usedBytes: used, maxBytes: this.maxBytes });
    } else if (this.warned && used < this.warnBytes * 0.9) {
      this.warned = false;
      this.options.logger.info('spool below warning level', { usedBytes: used, maxBytes: this.maxBytes });
    }
  }

  private createSegment(base: number): Segment {
    closeSync(openSync(this.segmentPath(base), 'wx'));
    fsyncDirectory(this.options.dir);
    const segment = { base, size: 0 };
    this.segments.push(segment);
    return segment;
  }

  /** Scans every segment; a record that fails its checks ends that segment's valid part (the tail is truncated). */
  private recover(): void {
    const bases = listSegmentBases(this.options.dir);
    for (const base of bases) {
      const valid = recoverSegment(this.options.dir, base, this.options.logger);
      if (base + valid <= this.acked && base !== bases.at(-1)) unlinkSync(this.segmentPath(base));
      else this.segments.push({ base, size: valid });
    }
  }

  private segmentAt(position: number): Segment | undefined {
    let found: Segment | undefined;
    for (const segment of this.segments) {
      if (segment.base <= position) found = segment;
      else return found ?? segment;
    }
    return found;
  }

  private readChunk(segment: Segment, offset: number, bytes: number): Buffer {
    const buffer = Buffer.allocUnsafe(bytes);
    const fd = openSync(this.segmentPath(segment.base), 'r');
    try {
      const read = readSync(fd, buffer, 0, bytes, offset);
      return buffer.subarray(0, read);
    } finally {
      closeSync(fd);
    }
  }

  private readLarge(segment: Segment, position: number, length: number): SpoolEntry[] {
    const decoded = decodeRecord(this.readChunk(segment, position - segment.base, length), 0);
    if (!decoded.ok) return [];
    return [{ position, next: position + decoded.bytes, payload: decoded.payload }];
  }

  private segmentPath(base: number): string {
    return segmentPath(this.options.dir, base);
  }
}
