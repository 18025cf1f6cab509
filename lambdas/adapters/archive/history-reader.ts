import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { ownerAt, type DeviceDirectory } from '../../../core/race';
import { splitConcatenatedJson } from '../../../core/wire/concatenated-json';
import { parseWireFrame } from '../../../core/wire/wire-frame';
import { storeErrorOf } from '../../../core/ports/errors';
import {
  historyQueryError,
  type HistoryFix,
  type HistoryQuery,
  type HistoryReader,
} from '../../../core/ports/history-store';

const HOUR_MS = 3_600_000;

/** What the reader needs to know about the tour to turn raw fixes into history rows. */
export interface ArchiveTour {
  /** Tour id: the archive prefix is `raw/<tourId>/` (ArchiveConstruct's `dataOutputPrefix`). */
  readonly tourId: string;
  /** The stage of a fix time, or undefined outside the stage dates (the processor's `stageFinder`). */
  readonly stageAt: (tMs: number) => number | undefined;
  readonly directory: DeviceDirectory;
  readonly teamOf: (bib: number) => string;
  /**
   * Hours after a fix its frame may still reach the archive (Firehose partitions by arrival, a relay spool can flush
   * late), so the hours listed run this much past the query's end.
   * @default 2
   */
  readonly lateArrivalHours?: number;
}

/** The hour prefixes `raw/<tour>/YYYY/MM/DD/HH/` (UTC) that can hold fixes of [fromMs, toMs). */
export function archiveHourPrefixes(tourId: string, fromMs: number, toMs: number, lateArrivalHours = 2): string[] {
  const prefixes: string[] = [];
  const last = toMs - 1 + lateArrivalHours * HOUR_MS;
  for (let hour = Math.floor(fromMs / HOUR_MS) * HOUR_MS; hour <= last; hour += HOUR_MS) {
    const iso = new Date(hour).toISOString();
    prefixes.push(`raw/${tourId}/${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(11, 13)}/`);
  }
  return prefixes;
}

/**
 * History from the S3 raw archive (DESIGN §9): always there, used locally and when the tour's history store is
 * `none`. Rows carry what the trackers sent (fix time by the tracker clock, no route match): no km, speed or gradient.
 */
export class ArchiveHistoryReader implements HistoryReader {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly tour: ArchiveTour,
  ) {}

  async read(query: HistoryQuery): Promise<readonly HistoryFix[]> {
    const refused = historyQueryError(query);
    if (refused !== undefined) throw refused;
    const byKey = new Map<string, HistoryFix>();
    const prefixes = archiveHourPrefixes(this.tour.tourId, query.fromMs, query.toMs, this.tour.lateArrivalHours);
    for (const prefix of prefixes) {
      for (const key of await this.keysUnder(prefix)) {
        for (const fix of this.fixesOf(await this.objectText(key), query)) {
          // A relay retry or a Kinesis re-delivery archives a frame twice; the same fix is one row.
          byKey.set(`${fix.device}|${fix.seq}|${fix.tMs}`, fix);
        }
      }
    }
    return [...byKey.values()]
      .sort((a, b) => a.tMs - b.tMs || a.device.localeCompare(b.device) || a.seq - b.seq)
      .slice(0, query.limit);
  }

  private *fixesOf(text: string, query: HistoryQuery): Generator<HistoryFix> {
    // A cut-short trailing object is skipped like any unreadable record.
    for (const json of splitConcatenatedJson(text).objects) {
      let value: unknown;
      try {
        value = JSON.parse(json);
      } catch {
        continue; // not a frame: the processor quarantined it when it read the same record
      }
      const parsed = parseWireFrame(value);
      if (!parsed.ok) continue; // refused frames were quarantined by the processor with their reason
      for (const f of parsed.frame.fixes) {
        if (f.t < query.fromMs || f.t >= query.toMs || this.tour.stageAt(f.t) !== query.stage.stage) continue;
        const owner = ownerAt(this.tour.directory, f.device, f.t);
        if (owner === undefined) continue;
        const bib = owner.kind === 'rider' ? owner.bib : undefined;
        if (query.bib !== undefined && bib !== query.bib) continue;
        yield {
          bib,
          team: owner.kind === 'rider' ? this.tour.teamOf(owner.bib) : owner.id,
          device: f.device,
          seq: f.seq,
          tMs: f.t,
          lat: f.lat,
          lon: f.lon,
          altMeters: f.alt,
          hdop: f.hdop,
        };
      }
    }
  }

  private async keysUnder(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await this.s3
        .send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken }))
        .catch((error: unknown) => {
          throw storeErrorOf('ListObjectsV2', error);
        });
      keys.push(...(page.Contents ?? []).flatMap((o) => (o.Key === undefined ? [] : [o.Key])));
      ContinuationToken = page.NextContinuationToken;
    } while (ContinuationToken !== undefined);
    return keys;
  }

  private async objectText(key: string): Promise<string> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })).catch((error: unknown) => {
      throw storeErrorOf('GetObject', error);
    });
    const bytes = Buffer.from((await out.Body?.transformToByteArray()) ?? []);
    // Firehose GZIP output (the stack's setting) starts with the gzip magic bytes; an uncompressed object does not.
    const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
    return raw.toString('utf8');
  }
}
