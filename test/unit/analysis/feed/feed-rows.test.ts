import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FeedFormatError,
  isLiveGps,
  parseFeedSeconds,
  readFeed,
  readFeedFile,
  stageNumberOfFeedFile,
} from '../../../../analysis/feed/feed-rows';
import { feedCsv, feedLine } from './synthetic-feed';

const T0 = 1_600_000_000;
const rider = (bib: number, t: number, extra: Parameters<typeof feedLine>[0] = {}): string =>
  feedLine({
    Bib: bib,
    Latitude: 45.1 + bib / 1e4,
    Longitude: 5.2,
    TIMESTAMP: t,
    DistanceFromStart: 10 + bib / 100,
    ...extra,
  });

describe('readFeed', () => {
  it('reads every column it needs in engine units', async () => {
    const csv = feedCsv([
      rider(7, T0, { PositionInTheRace: 3, GapToFirstRiderT: 12, GapToPreviousRiderT: 2, CurrentSpeed: 41.5 }),
    ]);

    const feed = await readFeed(Readable.from([csv]));

    expect(feed.records).toBe(1);
    expect(feed.rows).toEqual([
      expect.objectContaining({
        bib: 7,
        tMs: T0 * 1_000,
        lat: 45.1007,
        lon: 5.2,
        status: 0,
        positionInRace: 3,
        gapToFirstSeconds: 12,
        gapToPreviousSeconds: 2,
        distanceFromStartKm: 10.07,
        speedKmh: 41.5,
        ttVirtualLeader: false,
      }),
    ]);
  });

  it('keeps the first of a repeated poll and counts the copies as duplicates', async () => {
    const line = rider(5, T0);
    const csv = feedCsv([line, rider(6, T0), line, line, rider(5, T0 + 15)]);

    const feed = await readFeed(Readable.from([csv]));

    expect(feed.rows.map((r) => [r.bib, r.tMs / 1_000 - T0])).toEqual([
      [5, 0],
      [6, 0],
      [5, 15],
    ]);
    expect(feed.skipped.duplicate).toBe(2);
  });

  it('leaves NA and empty values undefined and skips rows without a bib, a time or a position', async () => {
    const csv = feedCsv([
      rider(1, T0, { GapToFirstRiderT: 'NA', PositionInTheRace: '', DistanceFromStart: 'NA' }),
      rider(2, T0, { Bib: 'NA' }),
      rider(3, T0, { TIMESTAMP: '' }),
      rider(4, T0, { Latitude: 0, Longitude: 0 }),
      rider(5, T0, { Latitude: 'NA' }),
    ]);

    const feed = await readFeed(Readable.from([csv]));

    expect(feed.rows).toHaveLength(1);
    expect(feed.rows[0]).toMatchObject({
      bib: 1,
      gapToFirstSeconds: undefined,
      positionInRace: undefined,
      distanceFromStartKm: undefined,
    });
    expect(feed.skipped).toEqual({ 'no-bib': 1, 'no-time': 1, 'no-position': 2, duplicate: 0 });
  });

  it('refuses a file without the columns a fix needs, naming the missing one', async () => {
    const csv = 'Bib,Latitude,Longitude\n1,45,5\n';

    const read = readFeed(Readable.from([csv]), 'odd.csv');

    await expect(read).rejects.toThrow(FeedFormatError);
    await expect(readFeed(Readable.from([csv]), 'odd.csv')).rejects.toThrow(/odd\.csv .*missing TIMESTAMP/);
  });
});

describe('readFeedFile', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'feed-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gunzips a .csv.gz file on the fly', async () => {
    const file = join(dir, 'stage07-rider-telemetry.csv.gz');
    writeFileSync(file, gzipSync(feedCsv([rider(1, T0), rider(2, T0), rider(1, T0 + 10)])));

    const feed = await readFeedFile(file);

    expect(feed.rows.map((r) => r.bib)).toEqual([1, 2, 1]);
  });

  it('rejects with the read error for a missing file', async () => {
    await expect(readFeedFile(join(dir, 'absent.csv.gz'))).rejects.toThrow(/ENOENT/);
  });
});

describe('parseFeedSeconds', () => {
  it.each([
    ['87', 87],
    ['-1', -1],
    ['12.5', 12.5],
    ['01:05', 65],
    ['1:02:03', 3723],
    ['-00:10', -10],
  ])('reads %s as %d s', (raw, seconds) => {
    expect(parseFeedSeconds(raw)).toBe(seconds);
  });

  it.each(['', 'NA', 'fast', '1:xx', '1:2:3:4'])('gives undefined for "%s"', (raw) => {
    expect(parseFeedSeconds(raw)).toBeUndefined();
  });
});

describe('stageNumberOfFeedFile', () => {
  it('finds the stage in the file name, not in the folders', () => {
    expect(stageNumberOfFeedFile('/data/stage2/telemetry/stage05-rider-telemetry.csv.gz')).toBe(5);
    expect(stageNumberOfFeedFile('stage20-rider-telemetry.csv.gz')).toBe(20);
    expect(stageNumberOfFeedFile('/data/stage2/telemetry.csv')).toBeUndefined();
  });
});

describe('isLiveGps', () => {
  it('takes status 0 rows with a distance as live fixes, and the feed estimates (other statuses) as not', async () => {
    const feed = await readFeed(
      Readable.from([feedCsv([rider(1, T0), rider(2, T0, { Status: 4 }), rider(3, T0, { DistanceFromStart: 'NA' })])]),
    );

    expect(feed.rows.map(isLiveGps)).toEqual([true, false, false]);
  });
});
