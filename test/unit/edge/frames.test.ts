import { describe, expect, it } from 'vitest';
import { buildFrameRecords, chunkIntoCalls } from '../../../edge/frames';
import { bucketHashKey, bucketPartitionKey, deviceBucket, ownerDeviceBuckets } from '../../../core/wire/partition';
import { loadTourConfig } from '../../../core/tour-config/load';
import { parseWireFrame } from '../../../core/wire/wire-frame';
import { fix, fixes } from './fixes';

function decode(data: Uint8Array): unknown {
  return JSON.parse(Buffer.from(data).toString('utf8'));
}

describe('buildFrameRecords', () => {
  it('keys every frame by the bucket of its devices', () => {
    const input = fixes(200, 40);

    const records = buildFrameRecords(input, 5, { gateway: 'truck', buckets: 8 });

    for (const record of records) {
      const parsed = parseWireFrame(decode(record.data));
      if (!parsed.ok) throw new Error(parsed.detail);
      const keys = new Set(parsed.frame.fixes.map((f) => bucketPartitionKey(deviceBucket(f.device, 8))));
      expect([...keys]).toEqual([record.partitionKey]);
    }
  });

  it("puts all of a rider's devices in one bucket when grouped by the tour's device owners", () => {
    const tour = loadTourConfig('tdf2022').config;
    const deviceBuckets = ownerDeviceBuckets(tour.devices, 16);
    const riders = tour.riders.slice(0, 40).map((r) => r.bib);
    const input = riders.flatMap((bib, i) => [
      fix({ device: `TRK-${bib}-A`, seq: i }),
      fix({ device: `TRK-${bib}-B`, seq: i }),
    ]);

    const records = buildFrameRecords(input, 5, { gateway: 'truck', buckets: 16, deviceBuckets });
    const keysOf = new Map<number, Set<string>>();
    for (const record of records) {
      const parsed = parseWireFrame(decode(record.data));
      if (!parsed.ok) throw new Error(parsed.detail);
      for (const f of parsed.frame.fixes) {
        const bib = Number(f.device.split('-')[1]);
        keysOf.set(bib, new Set([...(keysOf.get(bib) ?? []), record.partitionKey]));
      }
    }

    expect(tour.devices.some((d) => d.device === `TRK-${riders[0]}-B`)).toBe(true);
    expect([...keysOf.values()].every((keys) => keys.size === 1)).toBe(true);
    expect(new Set([...keysOf.values()].map((keys) => [...keys][0])).size).toBeGreaterThan(8);
    // Hashed by device instead, the race bike and the spare of most riders land in different buckets.
    const apart = riders.filter((bib) => deviceBucket(`TRK-${bib}-A`, 16) !== deviceBucket(`TRK-${bib}-B`, 16));
    expect(apart.length).toBeGreaterThan(20);
  });

  it('keeps each device in one frame sequence in its input order', () => {
    const input = fixes(1_200, 3);

    const records = buildFrameRecords(input, 5, { gateway: 'truck', buckets: 4 });
    const seqOfT001 = records.flatMap((r) =>
      (decode(r.data) as { fixes: { device: string; seq: number }[] }).fixes
        .filter((f) => f.device === 'T001')
        .map((f) => f.seq),
    );

    expect(seqOfT001).toEqual(Array.from({ length: 400 }, (_, i) => i));
  });

  it('puts at most 500 fixes in a frame and loses none', () => {
    const input = fixes(1_234, 1);

    const records = buildFrameRecords(input, 5, { gateway: 'truck', buckets: 16 });

    expect(records.map((r) => r.fixCount)).toEqual([500, 500, 234]);
  });

  it('splits a frame that would pass 1 MiB into frames that stay under it', () => {
    const input = Array.from({ length: 8_000 }, (_, i) =>
      fix({ seq: i, device: 'x'.repeat(64), alt: 1 / 3, hdop: 1 / 7, battery: 1 / 9 }),
    );

    const records = buildFrameRecords(input, 5, { gateway: 'truck', buckets: 1, maxFixesPerFrame: 20_000 });

    expect(records.length).toBeGreaterThan(1);
    expect(records.every((r) => r.data.length <= 1024 * 1024)).toBe(true);
    expect(records.reduce((sum, r) => sum + r.fixCount, 0)).toBe(8_000);
  });
});

describe('chunkIntoCalls', () => {
  it('limits a call to 500 records', () => {
    const records = Array.from({ length: 1_001 }, () => ({ partitionKey: 'k', data: new Uint8Array(10) }));

    const calls = chunkIntoCalls(records);

    expect(calls.map((c) => c.length)).toEqual([500, 500, 1]);
  });

  it('limits a call to 5 MiB', () => {
    const records = Array.from({ length: 6 }, () => ({ partitionKey: 'k', data: new Uint8Array(1024 * 1024 - 10) }));

    const calls = chunkIntoCalls(records);

    expect(calls.map((c) => c.length)).toEqual([5, 1]);
  });
});

describe('ownerDeviceBuckets', () => {
  it("deals a tour's owners to the buckets so that no bucket holds more than one owner above another", () => {
    const tour = loadTourConfig('tdf2022').config;
    const bucketOf = ownerDeviceBuckets(tour.devices, 16);
    const perBucket = new Array<number>(16).fill(0);
    const owners = new Map<string, number>();
    for (const d of tour.devices) {
      owners.set(d.owner.kind === 'rider' ? `rider-${d.owner.bib}` : `vehicle-${d.owner.id}`, bucketOf(d.device));
    }

    for (const bucket of owners.values()) perBucket[bucket]! += 1;

    expect(Math.max(...perBucket) - Math.min(...perBucket)).toBeLessThanOrEqual(1);
  });

  it('falls back to the hash of a device the tour does not list', () => {
    const bucketOf = ownerDeviceBuckets([], 16);

    expect(bucketOf('T042')).toBe(deviceBucket('T042', 16));
  });
});

describe('bucketHashKey', () => {
  /** The shard of a 128-bit hash key when `shards` split the range evenly, as a new stream's shards do. */
  const shardOf = (hashKey: bigint, shards: number): number => Number((hashKey * BigInt(shards)) >> 128n);

  it.each([1, 2, 4, 8, 16])('gives each of %i evenly split shards the same number of the 16 buckets', (shards) => {
    const perShard = new Array<number>(shards).fill(0);

    for (let b = 0; b < 16; b++) perShard[shardOf(BigInt(bucketHashKey(b, 16)), shards)]! += 1;

    expect(perShard).toEqual(new Array<number>(shards).fill(16 / shards));
  });

  it('stays inside the 128-bit range Kinesis accepts', () => {
    for (const b of [0, 15]) {
      const key = BigInt(bucketHashKey(b, 16));
      expect(key >= 0n && key < 2n ** 128n).toBe(true);
    }
  });

  it('is carried by every frame record with its bucket', () => {
    const records = buildFrameRecords(fixes(50, 20), 5, { gateway: 'truck', buckets: 4 });

    for (const record of records) {
      const bucket = Number(record.partitionKey.replace('bucket-', ''));
      expect(record.explicitHashKey).toBe(bucketHashKey(bucket, 4));
    }
  });
});

describe('deviceBucket', () => {
  it('spreads devices over every bucket', () => {
    const buckets = new Set(Array.from({ length: 500 }, (_, i) => deviceBucket(`T${i}`, 16)));

    expect(buckets.size).toBe(16);
  });

  it('gives a device the same bucket every time', () => {
    expect(deviceBucket('T042', 16)).toBe(deviceBucket('T042', 16));
  });
});
