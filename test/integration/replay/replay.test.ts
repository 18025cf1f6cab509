import { gzipSync } from 'node:zlib';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { KinesisStreamBatchResponse, KinesisStreamEvent, KinesisStreamHandler } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { replay } from '../../../bin/commands/replay';
import { MemoryFixPublisher } from '../../../edge/memory-publisher';
import { folderSource } from '../../../edge/replay/archive-source';
import { replayStage } from '../../../edge/replay/replay';
import { stateTableCreateInput } from '../../../lambdas/adapters/dynamo/table-definition';
import { prepareRoute } from '../../../core/race';
import type { WireFrame } from '../../../core/wire/wire-frame';
import { loadStageRoute, loadTourConfig } from '../../../core/tour-config/load';
import { lambdaContext, rideFrames } from '../../helpers/kinesis-event';
import { MOTO_CLIENT_CONFIG, motoHandlerEnv, startMoto, type MotoServer } from '../../helpers/moto';
import { createStream, motoKinesis } from '../edge/kinesis-stream';

const STREAM = 'replay-fixes';
const ARCHIVE = 'replay-archive';
const TABLE = 'replay-state';
const QUARANTINE = 'replay-quarantine';
const STAGE_2_START = Date.UTC(2022, 6, 2, 12, 15, 0); // 2022 stage 2, Roskilde → Nyborg
const STAGE_3_START = Date.UTC(2022, 6, 3, 11, 0, 0);

const tour = loadTourConfig('tdf2022');
const riders = tour.config.riders.slice(0, 6).map((r, i) => ({
  device: `TRK-${r.bib}-A`,
  startMeters: 1_000 + i * 40,
  speedMetersPerSecond: 11 + i * 0.1,
}));
const stage2 = rideFrames(prepareRoute(loadStageRoute(tour, 2)), riders, STAGE_2_START, 24, 5);
const stage3 = rideFrames(prepareRoute(loadStageRoute(tour, 3)), riders, STAGE_3_START, 4, 5);
const raw = (frames: readonly WireFrame[]): string => frames.map((f) => JSON.stringify(f)).join('');

/** The archive as Firehose writes it: gzip objects of records concatenated as sent, under raw/<tour>/YYYY/MM/DD/HH/. */
const archiveObjects: Record<string, Buffer> = {
  'raw/tdf2022/2022/07/02/12/delivery-1-2022-07-02-12-15-00-a.gz': gzipSync(raw(stage2.slice(0, 12))),
  // A later object holds the rest, a corrupt record and a truncated tail; frames arrive out of sentAt order.
  'raw/tdf2022/2022/07/02/12/delivery-1-2022-07-02-12-16-00-b.gz': gzipSync(
    raw(stage2.slice(12).reverse()) + '{"v":9,"gateway":"gw-1","sentAt":1,"fixes":[]}' + '{"v":1,"fixes":[',
  ),
  'raw/tdf2022/2022/07/03/11/delivery-1-2022-07-03-11-00-00-c.gz': gzipSync(raw(stage3)),
};

let moto: MotoServer;
let kinesis: KinesisClient;
let dynamo: DynamoDBClient;
let s3: S3Client;
let processor: KinesisStreamHandler;

/** Every record in the stream after sequence `after` (BigInt order), as a Lambda Kinesis event per shard. */
async function recordsAfter(after: Map<string, bigint>): Promise<{ events: KinesisStreamEvent[]; data: string[] }> {
  const shards = await kinesis.send(new ListShardsCommand({ StreamName: STREAM }));
  const events: KinesisStreamEvent[] = [];
  const data: string[] = [];
  for (const shard of shards.Shards ?? []) {
    const shardId = shard.ShardId!;
    const start = await kinesis.send(
      new GetShardIteratorCommand({ StreamName: STREAM, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }),
    );
    const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: start.ShardIterator, Limit: 10_000 }));
    const fresh = (page.Records ?? []).filter((r) => BigInt(r.SequenceNumber!) > (after.get(shardId) ?? -1n));
    for (const r of fresh) after.set(shardId, BigInt(r.SequenceNumber!));
    data.push(...fresh.map((r) => Buffer.from(r.Data!).toString('utf8')));
    events.push({
      Records: fresh.map((r) => ({
        kinesis: {
          kinesisSchemaVersion: '1.0',
          partitionKey: r.PartitionKey!,
          sequenceNumber: r.SequenceNumber!,
          data: Buffer.from(r.Data!).toString('base64'),
          approximateArrivalTimestamp: (r.ApproximateArrivalTimestamp?.getTime() ?? Date.now()) / 1000,
        },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `${shardId}:${r.SequenceNumber}`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: 'arn:aws:iam::123456789012:role/processor',
        awsRegion: MOTO_CLIENT_CONFIG.region,
        eventSourceARN: `arn:aws:kinesis:${MOTO_CLIENT_CONFIG.region}:123456789012:stream/${STREAM}`,
      })),
    });
  }
  return { events, data };
}

/** Every item of the state table, sorted, for before/after comparison. */
async function tableItems(): Promise<string[]> {
  const out = await dynamo.send(new ScanCommand({ TableName: TABLE }));
  return (out.Items ?? []).map((i) => JSON.stringify(Object.fromEntries(Object.entries(i).sort()))).sort();
}

beforeAll(async () => {
  moto = await startMoto();
  kinesis = motoKinesis(moto.endpoint);
  dynamo = new DynamoDBClient({ ...MOTO_CLIENT_CONFIG, endpoint: moto.endpoint });
  s3 = new S3Client({ ...MOTO_CLIENT_CONFIG, endpoint: moto.endpoint, forcePathStyle: true });
  await createStream(kinesis, STREAM, 2);
  await dynamo.send(new CreateTableCommand(stateTableCreateInput(TABLE)));
  for (const bucket of [ARCHIVE, QUARANTINE]) {
    await s3.send(
      new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }),
    );
  }
  for (const [key, body] of Object.entries(archiveObjects)) {
    await s3.send(new PutObjectCommand({ Bucket: ARCHIVE, Key: key, Body: body }));
  }
  Object.assign(process.env, {
    STATE_TABLE_NAME: TABLE,
    QUARANTINE_BUCKET_NAME: QUARANTINE,
    TOUR_ID: 'tdf2022',
    ...motoHandlerEnv(moto),
  });
  ({ handler: processor } = await import('../../../lambdas/processor/handler'));
}, 30_000);

afterAll(async () => {
  kinesis.destroy();
  dynamo.destroy();
  s3.destroy();
  await moto.stop();
});

describe('replay from the archive', () => {
  it('reads a folder copy of the archive: only the stage, oldest first, invalid frames counted', async () => {
    const root = mkdtempSync(join(tmpdir(), 'replay-archive-'));
    try {
      for (const [key, body] of Object.entries(archiveObjects)) {
        mkdirSync(dirname(join(root, key)), { recursive: true });
        writeFileSync(join(root, key), body);
      }
      const publisher = new MemoryFixPublisher((call) => (call === 1 ? [0, 3] : [])); // two refusals, then accepted
      const report = await replayStage({
        source: folderSource(root),
        tourId: 'tdf2022',
        days: ['2022-07-02', '2022-07-03'],
        inStage: (t) => t >= STAGE_2_START && t < STAGE_3_START - 3_600_000,
        publisher,
        speed: 0,
      });
      const sent = publisher.stored.map((r) => JSON.parse(Buffer.from(r.data).toString()) as WireFrame);
      expect(report).toMatchObject({ objects: 3, sent: 24, invalid: 2, otherStages: 4, retried: 2 });
      expect([...sent].sort((a, b) => a.sentAt - b.sentAt)).toEqual(stage2);
      expect(publisher.calls[0]!.map((r) => JSON.parse(Buffer.from(r.data).toString()).sentAt)).toEqual(
        stage2.map((f) => f.sentAt),
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('re-injects the stage byte for byte from S3, and reprocessing it twice changes nothing', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const args = ['--from', `s3://${ARCHIVE}/`, '--tour', 'tdf2022', '--stage', '2', '--stream', STREAM];
    const cursor = new Map<string, bigint>();

    expect(await replay.run([...args, '--endpoint', moto.endpoint, '--region', 'eu-west-1'])).toBe(0);
    const first = await recordsAfter(cursor);
    expect(first.data.sort()).toEqual(stage2.map((f) => JSON.stringify(f)).sort());
    for (const event of first.events) {
      const out = (await processor(event, lambdaContext(), () => undefined)) as KinesisStreamBatchResponse;
      expect(out.batchItemFailures).toEqual([]);
    }
    const once = await tableItems();
    expect(once.some((item) => item.includes('RIDER#'))).toBe(true);

    expect(await replay.run([...args, '--endpoint', moto.endpoint, '--region', 'eu-west-1'])).toBe(0);
    const second = await recordsAfter(cursor);
    expect(second.data).toHaveLength(stage2.length);
    for (const event of second.events) {
      const out = (await processor(event, lambdaContext(), () => undefined)) as KinesisStreamBatchResponse;
      expect(out.batchItemFailures).toEqual([]);
    }
    expect(await tableItems()).toEqual(once);
    vi.restoreAllMocks();
  }, 60_000);
});
