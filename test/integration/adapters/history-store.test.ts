import { gzipSync } from 'node:zlib';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { TimestreamQueryClient } from '@aws-sdk/client-timestream-query';
import { CreateDatabaseCommand, CreateTableCommand, TimestreamWriteClient } from '@aws-sdk/client-timestream-write';
import { afterAll, beforeAll } from 'vitest';
import type { HistoryFix } from '../../../core/ports/history-store';
import type { StageKey } from '../../../core/ports/stage-key';
import { buildDeviceDirectory } from '../../../core/race';
import type { WireFrame } from '../../../core/wire/wire-frame';
import { ArchiveHistoryReader } from '../../../lambdas/adapters/archive/history-reader';
import { TimestreamHistoryReader } from '../../../lambdas/adapters/timestream/history-reader';
import { TimestreamHistoryWriter } from '../../../lambdas/adapters/timestream/history-writer';
import { archiveObjectKey } from '../../../local/archive-forwarder';
import {
  freshHistoryStage,
  HISTORY_CONTRACT_DEVICES,
  historyContractTeamOf,
  historyQueryBoundsContract,
  historyReaderContract,
  historyWriterContract,
} from '../../helpers/contracts/history-store.contract';
import { MOTO_CLIENT_CONFIG, startMoto, type MotoServer } from '../../helpers/moto';
import { storedHistoryFixes } from './moto-timestream';

// The history port against moto. Timestream Query there has no engine (every query answers no rows), so the
// Timestream reader runs the bounds contract only; its SQL and row parsing are unit-tested. The archive reader runs
// the whole read contract on objects written as Firehose writes them; the Timestream writer the write contract.
const BUCKET = 'tour-tracker-archive';
const DATABASE = 'tour-tracker';
let moto: MotoServer;
let s3: S3Client;
let timestreamWrite: TimestreamWriteClient;
let timestreamQuery: TimestreamQueryClient;
let tables = 0;

beforeAll(async () => {
  moto = await startMoto();
  s3 = new S3Client({ ...MOTO_CLIENT_CONFIG, endpoint: moto.endpoint, forcePathStyle: true });
  timestreamWrite = new TimestreamWriteClient({ ...MOTO_CLIENT_CONFIG, endpoint: moto.endpoint });
  timestreamQuery = new TimestreamQueryClient({ ...MOTO_CLIENT_CONFIG, endpoint: moto.endpoint });
  await s3.send(
    new CreateBucketCommand({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }),
  );
  await timestreamWrite.send(new CreateDatabaseCommand({ DatabaseName: DATABASE }));
}, 30_000);

afterAll(async () => {
  s3.destroy();
  timestreamWrite.destroy();
  timestreamQuery.destroy();
  await moto.stop();
});

/** Archives the fixes as one gzipped Firehose object of one frame, keyed by its arrival (a few s after the last). */
async function archive(stage: StageKey, fixes: readonly HistoryFix[]): Promise<void> {
  const sentAt = Math.max(...fixes.map((f) => f.tMs)) + 500;
  const frame: WireFrame = {
    v: 1,
    gateway: 'gw-1',
    sentAt,
    fixes: fixes.map((f) => ({
      device: f.device,
      seq: f.seq,
      t: f.tMs,
      lat: f.lat,
      lon: f.lon,
      ...(f.altMeters === undefined ? {} : { alt: f.altMeters }),
      ...(f.hdop === undefined ? {} : { hdop: f.hdop }),
    })),
  };
  const Key = archiveObjectKey(stage.tour, BUCKET, sentAt + 2_000);
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: gzipSync(JSON.stringify(frame)) }));
}

/** An archive reader over a tour of its own (its own `raw/<tour>/` prefix), whose stage holds every contract fix. */
function archiveReader(stage: StageKey): ArchiveHistoryReader {
  return new ArchiveHistoryReader(s3, BUCKET, {
    tourId: stage.tour,
    stageAt: () => stage.stage,
    directory: buildDeviceDirectory(HISTORY_CONTRACT_DEVICES),
    teamOf: historyContractTeamOf,
  });
}

historyWriterContract('TimestreamHistoryWriter against moto', async () => {
  tables += 1;
  const table = `fixes-${tables}`;
  await timestreamWrite.send(new CreateTableCommand({ DatabaseName: DATABASE, TableName: table }));
  const writer = new TimestreamHistoryWriter(timestreamWrite, { databaseName: DATABASE, tableName: table });
  return { writer, stage: freshHistoryStage(), stored: () => storedHistoryFixes(moto, DATABASE, table) };
});

historyReaderContract('ArchiveHistoryReader against moto S3', () => {
  const stage = freshHistoryStage();
  return Promise.resolve({ reader: archiveReader(stage), stage, seed: (fixes) => archive(stage, fixes) });
});
historyQueryBoundsContract('ArchiveHistoryReader against moto S3', () =>
  Promise.resolve(archiveReader(freshHistoryStage())),
);

historyQueryBoundsContract('TimestreamHistoryReader against moto', () =>
  Promise.resolve(new TimestreamHistoryReader(timestreamQuery, { databaseName: DATABASE, tableName: 'fixes-bounds' })),
);
