import { gzipSync } from 'node:zlib';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveHistoryReader } from '../../../lambdas/adapters/archive/history-reader';
import { stageFinder } from '../../../core/tour-config/stage-at';
import { buildDeviceDirectory, deviceAssignmentsFromConfig, prepareRoute } from '../../../core/race';
import type { WireFrame } from '../../../core/wire/wire-frame';
import { loadStageRoute, loadTourConfig } from '../../../core/tour-config/load';
import { archiveObjectKey } from '../../../local/archive-forwarder';
import { rideFrames } from '../../helpers/kinesis-event';
import { MOTO_CLIENT_CONFIG, startMoto, type MotoServer } from '../../helpers/moto';

const BUCKET = 'tour-tracker-archive';
const STAGE = { tour: 'tdf2022', stage: 2 };
const START_MS = Date.UTC(2022, 6, 2, 10, 59, 40);
let moto: MotoServer;
let s3: S3Client;
let reader: ArchiveHistoryReader;
let frames: WireFrame[];

/** Writes records the way Firehose does: concatenated as sent, gzip-compressed unless `plain`, keyed by arrival hour. */
async function archive(records: readonly (WireFrame | string)[], arrivalMs: number, plain = false): Promise<void> {
  const body = records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('');
  await s3.send(
    new PutObjectCommand({
      Bucket: BUCKET,
      Key: archiveObjectKey('tdf2022', 'tour-tracker-archive', arrivalMs),
      Body: plain ? body : gzipSync(body),
    }),
  );
}

beforeAll(async () => {
  moto = await startMoto();
  s3 = new S3Client({ ...MOTO_CLIENT_CONFIG, endpoint: moto.endpoint, forcePathStyle: true });
  await s3.send(
    new CreateBucketCommand({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }),
  );
  const tour = loadTourConfig('tdf2022');
  const teams = new Map(tour.config.riders.map((r) => [r.bib, r.team]));
  reader = new ArchiveHistoryReader(s3, BUCKET, {
    tourId: 'tdf2022',
    stageAt: stageFinder(tour.config),
    directory: buildDeviceDirectory(deviceAssignmentsFromConfig(tour.config.devices)),
    teamOf: (bib) => teams.get(bib) ?? 'unknown',
  });
  const route = prepareRoute(loadStageRoute(tour, STAGE.stage));
  const rides = [
    { device: 'TRK-1-A', startMeters: 5_000, speedMetersPerSecond: 12 },
    { device: 'TRK-3-A', startMeters: 5_020, speedMetersPerSecond: 12 },
  ];
  // 8 frames of 5 s from 10:59:40: the fixes straddle 11:00, so they sit in two hour partitions.
  frames = rideFrames(route, rides, START_MS, 8);
  const nextDay = { ...frames[0]!, fixes: frames[0]!.fixes.map((f) => ({ ...f, t: f.t + 86_400_000 })) };
  await archive([frames[0]!, frames[1]!, frames[2]!, 'not json at all', frames[3]!], START_MS + 20_000);
  await archive([frames[3]!, frames[4]!, { ...frames[5]!, v: 9 } as unknown as WireFrame], START_MS + 30_000, true);
  await archive([frames[5]!, frames[6]!, frames[7]!, nextDay], START_MS + 45_000);
}, 30_000);

afterAll(async () => {
  s3.destroy();
  await moto.stop();
});

describe('ArchiveHistoryReader against moto S3', () => {
  it('reads every fix of the stage once, oldest first, across hour partitions and compressions', async () => {
    const rows = await reader.read({ stage: STAGE, fromMs: START_MS, toMs: START_MS + 60_000, limit: 1_000 });

    expect(rows).toHaveLength(80);
    expect(rows.map((r) => r.tMs)).toEqual([...rows.map((r) => r.tMs)].sort((a, b) => a - b));
    expect(rows[0]).toMatchObject({ bib: 1, device: 'TRK-1-A', seq: 0, tMs: START_MS, hdop: 1 });
    expect(rows[0]?.team).not.toBe('unknown');
  });

  it('filters by rider and time range and stops at the limit', async () => {
    const rows = await reader.read({
      stage: STAGE,
      bib: 3,
      fromMs: START_MS + 10_000,
      toMs: START_MS + 30_000,
      limit: 15,
    });

    expect(rows.map((r) => [r.bib, r.seq])).toEqual(Array.from({ length: 15 }, (_, i) => [3, 10 + i]));
  });

  it('finds nothing for another stage', async () => {
    const rows = await reader.read({
      stage: { ...STAGE, stage: 3 },
      fromMs: START_MS,
      toMs: START_MS + 60_000,
      limit: 10,
    });

    expect(rows).toEqual([]);
  });
});
