import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { _Record } from '@aws-sdk/client-timestream-write';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { eventOfItem } from '../../lambdas/adapters/dynamo/event-store';
import { queryAll } from '../../lambdas/adapters/dynamo/query-all';
import { TRACK_SORT_KEY_PREFIX } from '../../lambdas/adapters/dynamo/table-definition';
import { EVENT_SORT_KEY_PREFIX } from '../../core/ports/event-store';
import { stagePartitionKey, type StageKey } from '../../core/ports/stage-key';
import type { QuarantinedRecord } from '../../core/ports/quarantine-sink';
import type { RaceEvent } from '../../core/race';
import type { WireFrameRejection } from '../../core/wire/wire-frame';
import type { LocalAwsClients } from '../aws-clients';
import { fixKey } from './mesh-faults';
import type { LocalResources } from '../resources';
import { LocalAwsError } from '../errors';

/** One history record as stored: device, tracker time and seq. */
export interface StoredHistoryFix {
  readonly device: string;
  readonly tMs: number;
  readonly seq: number;
}

/** One stored track point. */
export interface StoredTrackPoint {
  readonly bib: number;
  readonly tMs: number;
  readonly sk: string;
}

/** What a stage left in the stores after a run. */
export interface StoredStage {
  /** Every history record moto received, repeats included (real Timestream keeps one per dimensions and time). */
  readonly history: readonly StoredHistoryFix[];
  readonly tracks: readonly StoredTrackPoint[];
  readonly events: readonly RaceEvent[];
  /** Quarantined fixes (or whole records) by reason. */
  readonly quarantined: ReadonlyMap<string, number>;
  /** Keys (`fixKey`) of the fixes quarantined one by one (refused by the engine or the history store). */
  readonly quarantinedFixes: ReadonlySet<string>;
}

/**
 * Records moto's Timestream table holds, as written: moto has no query engine, and its `/moto-api/data.json` state
 * dump is the only way to read them back.
 */
export async function timestreamRecords(endpoint: string, database: string, table: string): Promise<_Record[]> {
  const response = await fetch(`${endpoint}/moto-api/data.json`);
  if (!response.ok) throw new LocalAwsError(`moto data.json answered ${response.status}`);
  const data = (await response.json()) as {
    timestreamwrite?: { TimestreamTable?: { db_name: string; name: string; records: _Record[] }[] };
  };
  const stored = data.timestreamwrite?.TimestreamTable?.find((t) => t.db_name === database && t.name === table);
  return stored?.records ?? [];
}

/** Reads back a stage's history, tracks, events and quarantine from moto. */
export async function readStoredStage(
  endpoint: string,
  clients: LocalAwsClients,
  resources: LocalResources,
  stage: StageKey,
): Promise<StoredStage> {
  const { names } = resources;
  const records =
    resources.historyStore === 'timestream'
      ? await timestreamRecords(endpoint, names.timestreamDatabase, names.timestreamTable)
      : [];
  const history = records.map((r) => ({
    device: r.Dimensions?.find((d) => d.Name === 'device')?.Value ?? '',
    tMs: Number(r.Time),
    seq: Number(r.MeasureValues?.find((m) => m.Name === 'seq')?.Value),
  }));
  const documents = DynamoDBDocumentClient.from(clients.dynamo);
  const pk = stagePartitionKey(stage);
  const tracks = (await queryAll(documents, names.stateTable, pk, TRACK_SORT_KEY_PREFIX)).map((item) => ({
    bib: Number(item.bib),
    tMs: Number(item.tMs),
    sk: String(item.sk),
  }));
  const events = (await queryAll(documents, names.stateTable, pk, EVENT_SORT_KEY_PREFIX)).map(eventOfItem);
  const quarantine = await readQuarantine(clients, names.quarantineBucket);
  return { history, tracks, events, ...quarantine };
}

/**
 * The quarantine bucket's contents: counts by reason (a frame refused whole counts as one, a list of refused fixes
 * counts each fix) and the keys of the fixes refused one by one.
 */
async function readQuarantine(
  clients: LocalAwsClients,
  bucket: string,
): Promise<Pick<StoredStage, 'quarantined' | 'quarantinedFixes'>> {
  const quarantined = new Map<string, number>();
  const quarantinedFixes = new Set<string>();
  let token: string | undefined;
  do {
    const page = await clients.s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const object of page.Contents ?? []) {
      const body = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }));
      const record = JSON.parse((await body.Body?.transformToString()) ?? '{}') as QuarantinedRecord;
      quarantined.set(record.reason, (quarantined.get(record.reason) ?? 0) + quarantinedCount(record));
      for (const key of quarantinedFixKeys(record)) quarantinedFixes.add(key);
    }
    token = page.NextContinuationToken;
  } while (token !== undefined);
  return { quarantined, quarantinedFixes };
}

/** Reasons for which the processor quarantines the whole Kinesis record (a frame), not a list of fixes. */
export const FRAME_REASONS: ReadonlySet<string> = new Set<WireFrameRejection | 'not-json'>([
  'not-json',
  'not-an-object',
  'unknown-version',
  'bad-shape',
  'too-many-fixes',
]);

/** How many things one quarantined object holds: one frame, or the refused fixes it lists. */
export function quarantinedCount(record: QuarantinedRecord): number {
  if (FRAME_REASONS.has(record.reason)) return 1;
  const fixes = JSON.parse(Buffer.from(record.dataBase64, 'base64').toString('utf8')) as unknown;
  return Array.isArray(fixes) ? fixes.length : 1;
}

/** Keys of the fixes a quarantined record lists one by one: engine refusals carry `t`, history refusals `tMs`. */
export function quarantinedFixKeys(record: QuarantinedRecord): string[] {
  if (FRAME_REASONS.has(record.reason)) return [];
  const fixes = JSON.parse(Buffer.from(record.dataBase64, 'base64').toString('utf8')) as unknown;
  if (!Array.isArray(fixes)) return [];
  return fixes.flatMap((f: { device?: unknown; t?: unknown; tMs?: unknown }) => {
    const time = typeof f.t === 'number' ? f.t : f.tMs;
    return typeof f.device === 'string' && typeof time === 'number' ? [fixKey(f.device, time)] : [];
  });
}
