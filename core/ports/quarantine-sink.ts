import type { FixRejectReason } from '../race';
import type { WireFrameRejection } from '../wire/wire-frame';

/** Why input was quarantined: a frame refused whole, a fix refused by the engine, or a fix outside any stage. */
export type QuarantineReason =
  | WireFrameRejection
  | 'not-json'
  | 'no-stage'
  | Exclude<FixRejectReason, 'duplicate'>
  /** The history store refused an accepted fix for a reason other than a repeat (e.g. outside its retention). */
  | 'history-rejected';

/** One quarantined piece of input with where it came from, kept for forensics and replay. */
export interface QuarantinedRecord {
  readonly reason: QuarantineReason;
  readonly detail: string;
  /** Kinesis shard id of the source record. */
  readonly shardId: string;
  /** Kinesis sequence number of the source record (compare as BigInt, never as strings). */
  readonly sequenceNumber: string;
  /** Arrival of the source record on the stream, epoch ms (dates the quarantine key). */
  readonly arrivalMs: number;
  /** The raw record (frame refused whole) or the refused fixes as JSON, base64. */
  readonly dataBase64: string;
}

/** Where poison input goes; idempotent: the same record and reason overwrite one object. */
export interface QuarantineSink {
  put(records: readonly QuarantinedRecord[]): Promise<void>;
}

/** The idempotent key of a quarantined record: `quarantine/YYYY/MM/DD/<shard>/<sequence>/<reason>.json`. */
export function quarantineKeyOf(record: QuarantinedRecord): string {
  const day = new Date(record.arrivalMs).toISOString().slice(0, 10).replaceAll('-', '/');
  return `quarantine/${day}/${record.shardId}/${record.sequenceNumber}/${record.reason}.json`;
}
