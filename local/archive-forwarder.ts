import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { kinesisShardReader, listShardIds, type LocalKinesisRecord } from './kinesis-shards';
import { ShardPoller } from './shard-poller';

/** How the local archive forwarder writes (ArchiveConstruct's Firehose settings, with a shorter buffer). */
export interface ArchiveForwarderOptions {
  readonly kinesis: KinesisClient;
  readonly s3: S3Client;
  readonly streamName: string;
  readonly bucket: string;
  /** Tour id: objects go under `raw/<tourId>/` like ArchiveConstruct's `dataOutputPrefix`. */
  readonly tourId: string;
  /** The delivery stream name Firehose puts in each object name. */
  readonly deliveryStream: string;
  /** Wall ms between objects (Firehose's buffering interval; 60 s in the stack, shorter locally). */
  readonly bufferingMillis: number;
  /** Race time of a wall instant: objects are partitioned by the race clock, the time the rehearsal pretends it is. */
  readonly raceTimeAt: (wallEpochMs: number) => number;
}

/** A running forwarder. */
export interface ArchiveForwarder {
  /** Objects written and records archived so far, and the last failed write (retried with the next object). */
  stats(): { objects: number; records: number; lastError: unknown };
  /** Stops reading, writes what is buffered, and resolves when it is stored. */
  stop(): Promise<void>;
}

/**
 * The S3 key Firehose gives an object: `raw/<tour>/YYYY/MM/DD/HH/<stream>-1-YYYY-MM-DD-HH-MM-SS-<uuid>.gz`, the time
 * (UTC) being the arrival of the object's oldest record; `.gz` because the stack compresses with GZIP.
 * @see https://docs.aws.amazon.com/firehose/latest/dev/s3-object-name.html
 */
export function archiveObjectKey(
  tourId: string,
  deliveryStream: string,
  oldestArrivalMs: number,
  id: string = randomUUID(),
): string {
  const iso = new Date(oldestArrivalMs).toISOString();
  const [date, time] = [iso.slice(0, 10), iso.slice(11, 19)];
  const [yyyy, mm, dd] = date.split('-');
  const hh = time.slice(0, 2);
  return `raw/${tourId}/${yyyy}/${mm}/${dd}/${hh}/${deliveryStream}-1-${date}-${time.replaceAll(':', '-')}-${id}.gz`;
}

/**
 * Local mode's Firehose: moto does not feed a Kinesis-sourced delivery stream (NOTES-machine §3), so this separate
 * consumer reads every shard from TRIM_HORIZON and writes the raw records, concatenated as sent and gzip-compressed,
 * to the archive bucket every `bufferingMillis` — the layout the replay and the archive history reader expect.
 */
export async function startArchiveForwarder(options: ArchiveForwarderOptions): Promise<ArchiveForwarder> {
  const shardIds = await listShardIds(options.kinesis, options.streamName);
  let buffer: LocalKinesisRecord[] = [];
  let objects = 0;
  let records = 0;
  let writing: Promise<void> = Promise.resolve();
  let lastError: unknown;
  const flush = (): Promise<void> => {
    if (buffer.length === 0) return writing;
    const batch = buffer;
    buffer = [];
    const oldest = Math.min(...batch.map((r) => r.arrivalMs));
    const key = archiveObjectKey(options.tourId, options.deliveryStream, options.raceTimeAt(oldest));
    const body = gzipSync(Buffer.concat(batch.map((r) => Buffer.from(r.data))));
    writing = writing.then(async () => {
      try {
        await options.s3.send(new PutObjectCommand({ Bucket: options.bucket, Key: key, Body: body }));
        objects++;
        records += batch.length;
      } catch (error) {
        // Like Firehose, keep the records and retry with the next object rather than lose them.
        lastError = error;
        buffer.unshift(...batch);
      }
    });
    return writing;
  };
  const pollers = shardIds.map(
    (shardId) =>
      new ShardPoller<LocalKinesisRecord>(
        kinesisShardReader(options.kinesis, options.streamName, shardId, 'TRIM_HORIZON', 10_000),
        // One "batch" per read: records go straight into the shared buffer, the timer below cuts objects.
        { batchSize: 100_000, batchingWindowMillis: 0 },
        async (batch) => {
          buffer.push(...batch);
        },
        { idlePollMillis: 500 },
      ),
  );
  const polling = Promise.all(pollers.map((p) => p.start()));
  const timer = setInterval(() => void flush(), options.bufferingMillis);
  return {
    stats: () => ({ objects, records, lastError }),
    stop: async () => {
      clearInterval(timer);
      await Promise.all(pollers.map((p) => p.stop()));
      await polling;
      await flush();
    },
  };
}
