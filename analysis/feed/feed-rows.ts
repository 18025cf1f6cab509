import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { TourTrackerError } from '../../core/errors';

/**
 * One rider in one poll of the 2017 live-tracking feed (Dimension Data `rider-telemetry`), in engine units.
 * Optional fields are undefined when the feed left them empty or `NA`.
 * @see ../shared/data/SOURCES.md, `tdf2017/telemetry/stageNN-rider-telemetry.csv.gz`
 */
export interface FeedRow {
  readonly bib: number;
  /** Poll time (the feed's TIMESTAMP, shared by every row of a poll), epoch ms. */
  readonly tMs: number;
  readonly lat: number;
  readonly lon: number;
  /** The feed's undocumented Status code; 0 is a live GPS position (see `isLiveGps`). */
  readonly status: number | undefined;
  /** The feed's PositionInTheRace (1 = furthest on the road). */
  readonly positionInRace: number | undefined;
  /** The feed's GapToFirstRiderT, s. */
  readonly gapToFirstSeconds: number | undefined;
  /** The feed's GapToPreviousRiderT, s. */
  readonly gapToPreviousSeconds: number | undefined;
  /** The feed's DistanceFromStart, km. */
  readonly distanceFromStartKm: number | undefined;
  /** The feed's CurrentSpeed, km/h. */
  readonly speedKmh: number | undefined;
  /** True on the row of the time trial's virtual leader (TTVirtualLeader). */
  readonly ttVirtualLeader: boolean;
  /** The feed's TTGapToVirtualLeaderT, s (0 outside time trials). */
  readonly ttGapToVirtualLeaderSeconds: number | undefined;
  /** The feed's TTTimeOnCourseT, s (0 outside time trials). */
  readonly ttTimeOnCourseSeconds: number | undefined;
}

/** Why a feed record was left out; a closed union so the CLI can count them. */
export type FeedSkipReason = 'no-bib' | 'no-time' | 'no-position' | 'duplicate';

/** A parsed feed: unique (bib, poll) rows in file order, and how many records were left out and why. */
export interface ParsedFeed {
  readonly rows: readonly FeedRow[];
  readonly records: number;
  readonly skipped: Readonly<Record<FeedSkipReason, number>>;
}

/** A feed file that cannot be read as the rider-telemetry format (a missing column); names the file and column. */
export class FeedFormatError extends TourTrackerError {
  constructor(message: string) {
    super(message);
    this.name = 'FeedFormatError';
  }
}

/** Columns without which a row cannot become an engine fix. */
export const REQUIRED_COLUMNS = ['Bib', 'Latitude', 'Longitude', 'TIMESTAMP'] as const;

/**
 * Parses a duration of the feed: plain seconds (`87`, `-1`, `87.5`) or a clock (`MM:SS`, `HH:MM:SS`, a leading
 * minus allowed), as the feed's `…T` fields and the rider file's classification times are written.
 * @returns seconds, or undefined for an empty, `NA` or malformed value
 */
export function parseFeedSeconds(raw: string | undefined): number | undefined {
  const text = raw?.trim();
  if (text === undefined || text === '' || text.toUpperCase() === 'NA') return undefined;
  if (!text.includes(':')) return finiteOrUndefined(text);
  const negative = text.startsWith('-');
  const parts = (negative ? text.slice(1) : text).split(':');
  if (parts.length > 3 || parts.some((p) => !/^\d+(\.\d+)?$/.test(p))) return undefined;
  const seconds = parts.reduce((total, part) => total * 60 + Number(part), 0);
  return negative ? -seconds : seconds;
}

function finiteOrUndefined(raw: string | undefined): number | undefined {
  const text = raw?.trim();
  if (text === undefined || text === '' || text.toUpperCase() === 'NA') return undefined;
  const x = Number(text);
  return Number.isFinite(x) ? x : undefined;
}

/**
 * Reads the feed from a CSV stream (header row first). Tolerates its quirks: the same poll appended several times
 * (exact duplicate rows: the first (bib, TIMESTAMP) row wins), empty or `NA` values (the field is undefined), rows
 * without a usable bib, time or position (skipped and counted), riders missing from later polls (nothing assumed).
 * @throws FeedFormatError when a required column is missing
 */
export async function readFeed(csv: Readable, source = 'feed'): Promise<ParsedFeed> {
  const parser = parse({ columns: true, skip_empty_lines: true, trim: true, relax_column_count: true });
  // pipeline, not pipe: a read or gunzip error then ends the loop below with that error instead of hanging it.
  const piped = pipeline(csv, parser);
  const rows: FeedRow[] = [];
  const seen = new Set<string>();
  const skipped: Record<FeedSkipReason, number> = { 'no-bib': 0, 'no-time': 0, 'no-position': 0, duplicate: 0 };
  let records = 0;
  const consume = async (): Promise<void> => {
    for await (const record of parser as AsyncIterable<Record<string, string | undefined>>) {
      if (records === 0) checkColumns(record, source);
      records++;
      const bib = finiteOrUndefined(record.Bib);
      const seconds = finiteOrUndefined(record.TIMESTAMP);
      const lat = finiteOrUndefined(record.Latitude);
      const lon = finiteOrUndefined(record.Longitude);
      const reason: FeedSkipReason | undefined =
        bib === undefined || !Number.isInteger(bib) || bib <= 0
          ? 'no-bib'
          : seconds === undefined
            ? 'no-time'
            : lat === undefined || lon === undefined || (lat === 0 && lon === 0) || Math.abs(lat) > 90
              ? 'no-position'
              : undefined;
      if (reason !== undefined) {
        skipped[reason]++;
        continue;
      }
      const key = `${bib}@${seconds}`;
      if (seen.has(key)) {
        skipped.duplicate++;
        continue;
      }
      seen.add(key);
      rows.push(rowOf(record, bib!, seconds!, lat!, lon!));
    }
  };
  // Both awaited together: whichever fails first rejects, and the other's failure is still handled.
  await Promise.all([piped, consume()]);
  return { rows, records, skipped };
}

function checkColumns(record: Record<string, string | undefined>, source: string): void {
  const missing = REQUIRED_COLUMNS.filter((c) => !(c in record));
  if (missing.length > 0) {
    throw new FeedFormatError(`${source} must have the columns ${REQUIRED_COLUMNS.join(', ')}; missing ${missing}`);
  }
}

function rowOf(r: Record<string, string | undefined>, bib: number, seconds: number, lat: number, lon: number): FeedRow {
  return {
    bib,
    tMs: Math.round(seconds * 1_000),
    lat,
    lon,
    status: finiteOrUndefined(r.Status),
    positionInRace: finiteOrUndefined(r.PositionInTheRace),
    gapToFirstSeconds: parseFeedSeconds(r.GapToFirstRiderT),
    gapToPreviousSeconds: parseFeedSeconds(r.GapToPreviousRiderT),
    distanceFromStartKm: finiteOrUndefined(r.DistanceFromStart),
    speedKmh: finiteOrUndefined(r.CurrentSpeed),
    ttVirtualLeader: r.TTVirtualLeader?.trim().toUpperCase() === 'TRUE',
    ttGapToVirtualLeaderSeconds: parseFeedSeconds(r.TTGapToVirtualLeaderT),
    ttTimeOnCourseSeconds: parseFeedSeconds(r.TTTimeOnCourseT),
  };
}

/** Reads a feed file, gunzipping it on the fly when its name ends in `.gz`. */
export function readFeedFile(file: string): Promise<ParsedFeed> {
  const raw = createReadStream(file);
  if (!file.endsWith('.gz')) return readFeed(raw, file);
  const gunzip = createGunzip();
  raw.on('error', (error) => gunzip.destroy(error));
  return readFeed(raw.pipe(gunzip), file);
}

/** The stage number in a feed file's name (`stage05-rider-telemetry.csv.gz` → 5), or undefined. */
export function stageNumberOfFeedFile(file: string): number | undefined {
  const match = /stage[-_ ]?0*(\d+)[^/\\]*$/i.exec(file);
  return match ? Number(match[1]) : undefined;
}

/**
 * True when the row carries a live GPS position. The feed documents no Status code; in the 2017 files every row with
 * a non-zero Status has its DistanceFromStart rounded to 10 m (the feed's segment) and most repeat the rider's
 * previous position: the feed's own estimate (no signal, finished, not started), not a fix.
 */
export function isLiveGps(row: FeedRow): boolean {
  return (row.status ?? 0) === 0 && row.distanceFromStartKm !== undefined;
}
