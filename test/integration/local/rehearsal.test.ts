import { gunzipSync } from 'node:zlib';
import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient, ListShardsCommand } from '@aws-sdk/client-kinesis';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StageSnapshot } from '../../../core/race';
import { parseWireFrame } from '../../../core/wire/wire-frame';
import { LOCAL_AWS } from '../../../local/aws-clients';
import { startRehearsal, type Rehearsal } from '../../../local/rehearsal';

const RIDERS = 8;
let rehearsal: Rehearsal;
let kinesis: KinesisClient;
let s3: S3Client;

/** Polls `probe` every 250 ms until it returns a value, or fails after `timeoutMillis`. */
async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMillis: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMillis;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMillis} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Every record's data in the ingest stream, from the start of each shard. */
async function streamRecords(streamName: string): Promise<string[]> {
  const shards = await kinesis.send(new ListShardsCommand({ StreamName: streamName }));
  const out: string[] = [];
  for (const shard of shards.Shards ?? []) {
    const start = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: streamName,
        ShardId: shard.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    let iterator = start.ShardIterator;
    while (iterator) {
      const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
      out.push(...(page.Records ?? []).map((r) => Buffer.from(r.Data ?? new Uint8Array()).toString('utf8')));
      if ((page.Records ?? []).length === 0) break;
      iterator = page.NextShardIterator;
    }
  }
  return out;
}

/** Splits a concatenation of records back into them; throws if a byte belongs to no sent record. */
function splitIntoRecords(concatenated: string, sent: ReadonlySet<string>): string[] {
  const byStart = new Map<string, string[]>();
  for (const record of sent) {
    const head = record.slice(0, 48);
    byStart.set(head, [...(byStart.get(head) ?? []), record]);
  }
  const parts: string[] = [];
  let at = 0;
  while (at < concatenated.length) {
    const candidates = byStart.get(concatenated.slice(at, at + 48)) ?? [];
    const match = candidates.find((r) => concatenated.startsWith(r, at));
    if (match === undefined) throw new Error(`archive bytes at ${at} match no record sent to the stream`);
    parts.push(match);
    at += match.length;
  }
  return parts;
}

beforeAll(async () => {
  rehearsal = await startRehearsal({
    port: 0,
    stage: 7,
    speed: 10,
    riders: RIDERS,
    faults: 'none',
    seed: 3,
    maxSeconds: 1_800,
    lingerMillis: 1_000,
    archiveBufferingMillis: 2_000,
    probeMillis: 200,
  });
  const base = { ...LOCAL_AWS, endpoint: rehearsal.moto.endpoint };
  kinesis = new KinesisClient({ ...base, requestHandler: new NodeHttpHandler() });
  s3 = new S3Client({ ...base, forcePathStyle: true });
}, 30_000);

afterAll(async () => {
  kinesis?.destroy();
  s3?.destroy();
  await rehearsal?.stop();
});

describe('local rehearsal (simulator → relay → Kinesis → processor → stream → aggregator → API, on moto)', () => {
  it('serves a live snapshot with every simulated rider and the groups through the API', async () => {
    const live = await eventually(
      'a live snapshot with every rider',
      async () => {
        const response = await fetch(`${rehearsal.apiUrl}/tours/tdf2022/stages/7/live`);
        if (response.status !== 200) return undefined;
        const body = (await response.json()) as StageSnapshot;
        return body.riders.length >= RIDERS && body.groups.length > 0 ? body : undefined;
      },
      40_000,
    );

    expect(live.stage).toBe(7);
    expect(live.riders.map((r) => r.bib).sort((a, b) => a - b)).toEqual(
      rehearsal.feed
        .progress()
        .header?.riders.map((r) => r.bib)
        .sort((a, b) => a - b),
    );
    expect(live.groups.reduce((sum, g) => sum + g.size, 0)).toBe(RIDERS);
    const stageStart = Date.UTC(2022, 6, 8, 10, 10);
    expect(live.tMs).toBeGreaterThan(stageStart);
    expect(live.tMs).toBeLessThanOrEqual(rehearsal.clock.now());
  }, 45_000);

  it("puts a rider's track, as the API's rider route shows it, within 30 m of the simulator's ground truth", async () => {
    const header = rehearsal.feed.progress().header!;
    const index = 2;
    const bib = header.riders[index]!.bib;

    const rider = await eventually(
      'a rider with a track of 4 points',
      async () => {
        const response = await fetch(`${rehearsal.apiUrl}/tours/tdf2022/stages/7/riders/${bib}`);
        const body = (await response.json()) as {
          snapshotTMs: number;
          live: { distanceMeters: number } | null;
          track: [tMs: number, lon: number, lat: number, distanceMeters: number][];
        };
        return response.status === 200 && body.live !== null && body.track.length >= 4 ? body : undefined;
      },
      30_000,
    );

    const compared = rider.track.flatMap(([tMs, , , distanceMeters]) => {
      const truth = rehearsal.feed.truthAt(tMs);
      return truth && tMs - truth.t < 1_000 ? [Math.abs(truth.km[index]! * 1_000 - distanceMeters)] : [];
    });
    expect(compared.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...compared)).toBeLessThan(30);
    // The live position is the rider's own newest fix, which may trail the snapshot time by a few relay lingers.
    const truthThen = (rehearsal.feed.truthAt(rider.snapshotTMs - 60_000)?.km[index] ?? 0) * 1_000;
    const truthNow = rehearsal.feed.truthAt(rider.snapshotTMs)!.km[index]! * 1_000;
    expect(rider.live!.distanceMeters).toBeGreaterThan(truthThen - 30);
    expect(rider.live!.distanceMeters).toBeLessThan(truthNow + 30);
  }, 40_000);

  it("archives the raw frames in Firehose's layout, gzip objects that split into the records sent to the stream", async () => {
    const { names } = rehearsal.resources;
    await eventually('an archive object', () => (rehearsal.pipeline().archive.objects > 0 ? true : undefined), 20_000);

    const listed = await s3.send(new ListObjectsV2Command({ Bucket: names.archiveBucket }));
    const keys = (listed.Contents ?? []).map((o) => o.Key ?? '');
    const sent = new Set(await streamRecords(names.stream));
    const archived: string[] = [];
    for (const key of keys) {
      const object = await s3.send(new GetObjectCommand({ Bucket: names.archiveBucket, Key: key }));
      const bytes = Buffer.from(await object.Body!.transformToByteArray());
      archived.push(...splitIntoRecords(gunzipSync(bytes).toString('utf8'), sent));
    }

    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).toMatch(
        /^raw\/tdf2022\/2022\/07\/08\/1\d\/tour-tracker-tdf2022-archive-delivery-1-2022-07-08-1\d-\d\d-\d\d-[0-9a-f-]{36}\.gz$/,
      );
    }
    expect(new Set(archived).size).toBe(archived.length);
    expect(archived.length).toBeGreaterThan(0);
    for (const record of archived) expect(parseWireFrame(JSON.parse(record)).ok).toBe(true);
  }, 30_000);

  it('stops every part and leaves no moto process behind', async () => {
    const { pid } = rehearsal.moto;

    await rehearsal.stop();

    expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    await expect(fetch(rehearsal.url)).rejects.toThrow();
  });
});
