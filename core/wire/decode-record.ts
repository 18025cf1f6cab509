import { parseWireFrame, type WireFrame, type WireFrameRejection } from './wire-frame';
import type { RaceFix } from '../race';

/** Why a record's data is not a wire frame: not JSON at all, or JSON the wire schema refuses. */
export type RecordRefusal = 'not-json' | WireFrameRejection;

/** A Kinesis record's data decoded as a wire frame, or why it was refused (never throws). */
export type DecodedRecord =
  | { readonly ok: true; readonly frame: WireFrame }
  | { readonly ok: false; readonly reason: RecordRefusal; readonly detail: string };

/** Decodes base64 Kinesis data (UTF-8 JSON) and validates it as a wire frame. */
export function decodeRecord(dataBase64: string): DecodedRecord {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(dataBase64, 'base64').toString('utf8'));
  } catch (error) {
    return { ok: false, reason: 'not-json', detail: error instanceof Error ? error.message : String(error) };
  }
  return parseWireFrame(json);
}

/** The engine's view of a frame's fixes: each fix carries the frame's `sentAt` as its relay receive time. */
export function raceFixesOf(frame: WireFrame): RaceFix[] {
  return frame.fixes.map((f) => ({
    device: f.device,
    seq: f.seq,
    t: f.t,
    lat: f.lat,
    lon: f.lon,
    hdop: f.hdop,
    receivedMs: frame.sentAt,
  }));
}
