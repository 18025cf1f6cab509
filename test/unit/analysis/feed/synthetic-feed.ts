import CheapRuler from 'cheap-ruler';
import type { FeedRow } from '../../../../analysis/feed/feed-rows';

/**
 * Synthetic rows in the 2017 live feed's CSV format, written for tests: the real feed's licence is unclear, so no
 * row of it may live in the repository (SOURCES.md). Every value here is made up.
 */

/** The feed's 31 columns, in its order. */
export const FEED_COLUMNS = [
  'Bib',
  'HasYellowJersey',
  'Latitude',
  'Longitude',
  'Gradient',
  'Course',
  'CurrentTemperature',
  'RelativeHumidity',
  'WindSpeedkmph',
  'WindDirection',
  'WindDirectionDegrees',
  'RiderWindDirection',
  'Gust',
  'Precipitation24hour',
  'Status',
  'PositionInTheRace',
  'GapToFirstRiderT',
  'GapToPreviousRiderT',
  'CurrentSpeed',
  'AverageSpeedR',
  'MaximumSpeedR',
  'CurrentSegmentId',
  'DistanceToFinish',
  'DistanceFromStart',
  'TTVirtualLeader',
  'TTGapToVirtualLeaderT',
  'TTTimeOnCourseT',
  'CurrentSpeedRollAvg',
  'SpeedOverXMins',
  'RelativeWindDirection',
  'TIMESTAMP',
] as const;

type FeedColumn = (typeof FEED_COLUMNS)[number];

/** One made-up feed row; unset columns get neutral values (weather fields are never read). */
export function feedLine(values: Partial<Record<FeedColumn, string | number | boolean>>): string {
  const defaults: Partial<Record<FeedColumn, string | number | boolean>> = {
    HasYellowJersey: 'FALSE',
    WindDirection: 'N',
    RiderWindDirection: 'Calm',
    RelativeWindDirection: 'Calm',
    Status: 0,
    TTVirtualLeader: 'FALSE',
    TTGapToVirtualLeaderT: 0,
    TTTimeOnCourseT: 0,
  };
  return FEED_COLUMNS.map((c) => {
    const v = values[c] ?? defaults[c] ?? 0;
    return typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : String(v);
  }).join(',');
}

/** A whole CSV text: the header, then the lines. */
export function feedCsv(lines: readonly string[]): string {
  return [FEED_COLUMNS.join(','), ...lines].join('\n') + '\n';
}

/** A made-up 8 km road heading north-east, and a made-up race on it: every value is synthetic. */
const ROAD: [number, number][] = [
  [6.0, 47.0],
  [6.05, 47.02],
  [6.09, 47.05],
];
const ruler = new CheapRuler(47.02, 'meters');
const SPEED = 12;
const T0_MS = 1_500_000_000_000;
const POLL_MS = 10_000;
const FEED_START_KM = 40;

interface SyntheticRider {
  readonly bib: number;
  /** Metres along ROAD at T0. */
  readonly startMeters: number;
}

/** A breakaway of 3 riders 60 s ahead, a peloton of 12 riders 4 m apart, 2 dropped riders 30 s behind it. */
export const RIDERS: SyntheticRider[] = [
  ...[1, 2, 3].map((bib, i) => ({ bib, startMeters: 1_800 - i * 5 })),
  ...Array.from({ length: 12 }, (_, i) => ({ bib: 11 + i, startMeters: 1_080 - i * 4 })),
  ...[31, 32].map((bib, i) => ({ bib, startMeters: 700 - i * 5 })),
];

/** The feed as a perfect observer would write it: positions on the road, gaps at the same point at SPEED. */
export function syntheticFeed(polls: number, status = 0): FeedRow[] {
  const rows: FeedRow[] = [];
  for (let k = 0; k < polls; k++) {
    const tMs = T0_MS + k * POLL_MS;
    const at = RIDERS.map((r) => ({ bib: r.bib, meters: r.startMeters + (SPEED * k * POLL_MS) / 1_000 })).sort(
      (a, b) => b.meters - a.meters,
    );
    at.forEach((r, i) => {
      const [lon, lat] = ruler.along(ROAD, r.meters);
      rows.push({
        bib: r.bib,
        tMs,
        lat,
        lon,
        status,
        positionInRace: i + 1,
        gapToFirstSeconds: Math.round((at[0]!.meters - r.meters) / SPEED),
        gapToPreviousSeconds: i === 0 ? 0 : Math.round((at[i - 1]!.meters - r.meters) / SPEED),
        distanceFromStartKm: FEED_START_KM + r.meters / 1_000,
        speedKmh: SPEED * 3.6,
        ttVirtualLeader: false,
        ttGapToVirtualLeaderSeconds: 0,
        ttTimeOnCourseSeconds: 0,
      });
    });
  }
  return rows;
}

/** The rows as the feed's CSV (the columns the parser reads; the rest neutral). */
export function csvOf(rows: readonly FeedRow[]): string {
  return feedCsv(
    rows.map((r) =>
      feedLine({
        Bib: r.bib,
        Latitude: r.lat,
        Longitude: r.lon,
        TIMESTAMP: r.tMs / 1_000,
        Status: r.status ?? 0,
        PositionInTheRace: r.positionInRace ?? 'NA',
        GapToFirstRiderT: r.gapToFirstSeconds ?? 'NA',
        GapToPreviousRiderT: r.gapToPreviousSeconds ?? 'NA',
        DistanceFromStart: r.distanceFromStartKm ?? 'NA',
        CurrentSpeed: r.speedKmh ?? 'NA',
        TTVirtualLeader: r.ttVirtualLeader,
        TTGapToVirtualLeaderT: r.ttGapToVirtualLeaderSeconds ?? 0,
        TTTimeOnCourseT: r.ttTimeOnCourseSeconds ?? 0,
      }),
    ),
  );
}
