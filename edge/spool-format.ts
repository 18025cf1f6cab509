import { crc32 } from 'node:zlib';
import type { WireFix } from '../core/wire/wire-frame';

/**
 * The spool's record format (docs/edge-relay.md): a 12-byte header, then the payload.
 *
 * ```
 * offset 0  u32 LE  payload length in bytes
 * offset 4  u32 LE  CRC-32 (zlib polynomial) of the payload
 * offset 8  u32 LE  magic 0x53504c31 ("SPL1"), so a zeroed or shifted tail is never read as a record
 * offset 12 ...     payload: UTF-8 JSON {"at": appendedAtMs, "fixes": [WireFix, ...]}
 * ```
 */
export const RECORD_HEADER_BYTES = 12;

/** Marks the start of every record. */
export const RECORD_MAGIC = 0x53504c31;

/** Largest payload a record may carry, bytes: far above one frame's ~60 KB, small enough to bound a torn read. */
export const MAX_RECORD_PAYLOAD_BYTES = 8 * 1024 * 1024;

/** One spooled batch of fixes with the time it was appended (epoch ms). */
export interface SpoolPayload {
  readonly at: number;
  readonly fixes: readonly WireFix[];
}

/** Why a record could not be read; a closed union so it can be counted and logged. */
export type RecordDefect = 'torn-header' | 'bad-magic' | 'bad-length' | 'torn-payload' | 'bad-checksum' | 'bad-payload';

/** The outcome of decoding one record at an offset of a buffer. */
export type DecodedRecord =
  | { readonly ok: true; readonly payload: SpoolPayload; readonly bytes: number }
  | { readonly ok: false; readonly defect: RecordDefect };

/** Encodes one record, header and payload, ready to append. */
export function encodeRecord(payload: SpoolPayload): Buffer {
  const body = Buffer.from(JSON.stringify(payload), 'utf8');
  const record = Buffer.allocUnsafe(RECORD_HEADER_BYTES + body.length);
  record.writeUInt32LE(body.length, 0);
  record.writeUInt32LE(crc32(body), 4);
  record.writeUInt32LE(RECORD_MAGIC, 8);
  body.copy(record, RECORD_HEADER_BYTES);
  return record;
}

/** Decodes the record that starts at `offset` of `buffer`; never throws. */
export function decodeRecord(buffer: Buffer, offset: number): DecodedRecord {
  if (buffer.length - offset < RECORD_HEADER_BYTES) return { ok: false, defect: 'torn-header' };
  const length = buffer.readUInt32LE(offset);
  const checksum = buffer.readUInt32LE(offset + 4);
  if (buffer.readUInt32LE(offset + 8) !== RECORD_MAGIC) return { ok: false, defect: 'bad-magic' };
  if (length > MAX_RECORD_PAYLOAD_BYTES) return { ok: false, defect: 'bad-length' };
  const start = offset + RECORD_HEADER_BYTES;
  if (buffer.length - start < length) return { ok: false, defect: 'torn-payload' };
  const body = buffer.subarray(start, start + length);
  if (crc32(body) !== checksum) return { ok: false, defect: 'bad-checksum' };
  const payload = parsePayload(body);
  if (payload === null) return { ok: false, defect: 'bad-payload' };
  return { ok: true, payload, bytes: RECORD_HEADER_BYTES + length };
}

/** Length of a record whose header starts at `offset`, or null when the header is incomplete. */
export function recordLength(buffer: Buffer, offset: number): number | null {
  if (buffer.length - offset < RECORD_HEADER_BYTES) return null;
  return RECORD_HEADER_BYTES + buffer.readUInt32LE(offset);
}

function parsePayload(body: Buffer): SpoolPayload | null {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return null; // the checksum matched, so this is a writer bug, reported as a defect, not thrown
  }
  if (typeof value !== 'object' || value === null) return null;
  const { at, fixes } = value as { at?: unknown; fixes?: unknown };
  if (typeof at !== 'number' || !Array.isArray(fixes)) return null;
  return { at, fixes: fixes as WireFix[] };
}
