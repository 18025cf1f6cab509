import { setTimeout as sleep } from 'node:timers/promises';
import { parseWireFrame, type WireFrame } from '../../core/wire/wire-frame';
import { splitConcatenatedJson } from '../../core/wire/concatenated-json';
import { backoffMillis } from '../backoff';
import {
  bucketHashKey,
  bucketPartitionKey,
  DEFAULT_BUCKETS,
  hashedDeviceBuckets,
  type DeviceBuckets,
} from '../../core/wire/partition';
import { MAX_BYTES_PER_CALL, MAX_RECORDS_PER_CALL, type FixPublisher, type PublishRecord } from '../publisher';
import { PublishUnavailableError, ReplayIncompleteError } from '../errors';
import { objectText, type ArchiveSource } from './archive-source';

/** One archived frame as it will be re-sent: its original bytes, its parsed form, where it came from. */
export interface ArchivedFrame {
  readonly raw: string;
  readonly frame: WireFrame;
  readonly key: string;
}

/** What to replay: a tour's stage from an archive source, into a publisher. */
export interface ReplayOptions {
  readonly source: ArchiveSource;
  readonly tourId: string;
  /** UTC days (YYYY-MM-DD) whose archive folders may hold the stage: its date and the next (late uplink drains). */
  readonly days: readonly string[];
  /** True for a fix time in the stage: the processor's own stage finder, so replay and processing agree. */
  readonly inStage: (tMs: number) => boolean;
  readonly publisher: FixPublisher;
  /** Replay speed over the frames' `sentAt`: 1 = as they were sent, 10 = ten times faster, 0 = as fast as possible. */
  readonly speed: number;
  /** Device buckets for partition keys (the relay's). @default DEFAULT_BUCKETS */
  readonly buckets?: number;
  /** The bucket of each device, as the relay dealt them (`ownerDeviceBuckets`). @default hashedDeviceBuckets */
  readonly deviceBuckets?: DeviceBuckets;
  readonly signal?: AbortSignal;
  readonly log?: (line: string) => void;
}

/** What a replay did. */
export interface ReplayReport {
  readonly objects: number;
  /** Frames found in the objects, valid or not. */
  readonly framesRead: number;
  /** Frames that are not valid wire frames (already quarantined when first processed): skipped. */
  readonly invalid: number;
  /** Valid frames with no fix in the stage: skipped. */
  readonly otherStages: number;
  /** Frames re-sent to the stream. */
  readonly sent: number;
  readonly fixes: number;
  /** Records the stream refused at first and accepted on a retry. */
  readonly retried: number;
}

/** Reads the stage's frames from the archive, oldest `sentAt` first (a stable sort keeps archive order on ties). */
export async function readStageFrames(
  options: Pick<ReplayOptions, 'source' | 'tourId' | 'days' | 'inStage'>,
): Promise<{ frames: ArchivedFrame[]; objects: number; framesRead: number; invalid: number; otherStages: number }> {
  const frames: ArchivedFrame[] = [];
  let objects = 0;
  let framesRead = 0;
  let invalid = 0;
  let otherStages = 0;
  for (const day of options.days) {
    const prefix = `raw/${options.tourId}/${day.replaceAll('-', '/')}/`;
    for (const key of await options.source.list(prefix)) {
      objects++;
      const { objects: raws, trailing } = splitConcatenatedJson(objectText(await options.source.read(key)));
      if (trailing !== '') invalid++;
      for (const raw of raws) {
        framesRead++;
        let parsed;
        try {
          parsed = parseWireFrame(JSON.parse(raw));
        } catch {
          invalid++; // not JSON: the processor quarantined it when it first arrived
          continue;
        }
        if (!parsed.ok) {
          invalid++;
          continue;
        }
        if (!parsed.frame.fixes.some((f) => options.inStage(f.t))) {
          otherStages++;
          continue;
        }
        frames.push({ raw, frame: parsed.frame, key });
      }
    }
  }
  frames.sort((a, b) => a.frame.sentAt - b.frame.sentAt);
  return { frames, objects, framesRead, invalid, otherStages };
}

/**
 * Re-injects a stage's archived frames into the stream, byte for byte, paced by their `sentAt` at `speed`.
 * Reprocessing is idempotent downstream (the processor de-duplicates by device and sequence and writes
 * conditionally), so a replay may be run again, or over a stage that was processed live, without double counting.
 */
export async function replayStage(options: ReplayOptions): Promise<ReplayReport> {
  const log = options.log ?? (() => undefined);
  const read = await readStageFrames(options);
  log(
    `replay: ${read.objects} objects, ${read.framesRead} frames read, ${read.frames.length} in the stage ` +
      `(${read.invalid} invalid and ${read.otherStages} of other stages skipped)`,
  );
  const buckets = options.buckets ?? DEFAULT_BUCKETS;
  const bucketOf = options.deviceBuckets ?? hashedDeviceBuckets(buckets);
  const firstSentAt = read.frames[0]?.frame.sentAt ?? 0;
  const started = Date.now();
  let sent = 0;
  let fixes = 0;
  let retried = 0;
  let batch: PublishRecord[] = [];
  let batchBytes = 0;
  const flush = async (): Promise<void> => {
    retried += await publishAll(options.publisher, batch, options.signal);
    batch = [];
    batchBytes = 0;
  };
  for (const { raw, frame } of read.frames) {
    if (options.signal?.aborted) break;
    if (options.speed > 0) {
      const due = started + (frame.sentAt - firstSentAt) / options.speed;
      if (due > Date.now()) {
        await flush();
        await sleep(due - Date.now(), undefined, { signal: options.signal }).catch(() => undefined);
      }
    }
    const device = frame.fixes[0]?.device ?? frame.gateway;
    const bucket = bucketOf(device);
    const record = {
      partitionKey: bucketPartitionKey(bucket),
      explicitHashKey: bucketHashKey(bucket, buckets),
      data: Buffer.from(raw),
    };
    const bytes = record.data.length + record.partitionKey.length;
    if (batch.length === MAX_RECORDS_PER_CALL || batchBytes + bytes > MAX_BYTES_PER_CALL) await flush();
    batch.push(record);
    batchBytes += bytes;
    sent++;
    fixes += frame.fixes.length;
  }
  await flush();
  return { ...read, sent, fixes, retried };
}

/** Sends records until every one is stored: refused records are re-sent with backoff. Returns how many were re-sent. */
async function publishAll(
  publisher: FixPublisher,
  records: readonly PublishRecord[],
  signal?: AbortSignal,
): Promise<number> {
  let pending = [...records];
  let retried = 0;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (signal?.aborted) throw new ReplayIncompleteError(`replay stopped with ${pending.length} records unsent`);
    if (attempt > 0) await sleep(backoffMillis(attempt - 1, Math.random));
    if (attempt > 20) throw new ReplayIncompleteError(`replay gave up: ${pending.length} records refused 20 times`);
    try {
      const result = await publisher.publish(pending);
      const failed = new Set(result.failed.map((f) => f.index));
      retried += failed.size;
      pending = pending.filter((_, i) => failed.has(i));
    } catch (error) {
      if (!(error instanceof PublishUnavailableError)) throw error;
      retried += pending.length;
    }
  }
  return retried;
}
