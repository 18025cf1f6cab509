import { z } from 'zod';

/**
 * The wire frame: what the edge relay reads from the radio mesh and puts on Kinesis, one JSON object per frame.
 * The simulator writes it, the relay and the processor read it; this file is the one definition all three share.
 * @see DESIGN.md §6 (data shapes)
 */

/** The only frame version this code reads and writes; any other version is quarantined, not dropped. */
export const WIRE_FRAME_VERSION = 1;

/** Most fixes in one frame (DESIGN §6: "up to ~500 or ~1 s"). */
export const MAX_FIXES_PER_FRAME = 500;

/** Longest span a frame collects fixes over before it is sent, ms. */
export const MAX_FRAME_SPAN_MILLIS = 1_000;

/** Longest device id, characters (the tour config's tracker ids are far shorter). */
export const MAX_DEVICE_ID_LENGTH = 64;

/** Longest gateway id, characters. */
export const MAX_GATEWAY_ID_LENGTH = 64;

const epochMillis = z.number().int().nonnegative();

/** One GPS fix as a tracker reports it: position in WGS84 degrees, altitude m, battery %. */
export const WireFixSchema = z.object({
  device: z.string().min(1).max(MAX_DEVICE_ID_LENGTH),
  /** Per-device sequence number; starts again at 0 when a tracker reboots. */
  seq: z.number().int().nonnegative(),
  /** Fix time by the tracker's clock, epoch ms (a tracker's clock can be skewed). */
  t: epochMillis,
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  alt: z.number().min(-1_000).max(10_000).optional(),
  hdop: z.number().nonnegative().max(100).optional(),
  battery: z.number().min(0).max(100).optional(),
});

/** A batch of fixes from one gateway (the relay in the race truck). */
export const WireFrameSchema = z.object({
  v: z.literal(WIRE_FRAME_VERSION),
  gateway: z.string().min(1).max(MAX_GATEWAY_ID_LENGTH),
  /** When the gateway sent the frame, epoch ms by the gateway's clock. */
  sentAt: epochMillis,
  fixes: z.array(WireFixSchema).max(MAX_FIXES_PER_FRAME),
});

/** One GPS fix on the wire. */
export type WireFix = z.output<typeof WireFixSchema>;

/** One frame on the wire. */
export type WireFrame = z.output<typeof WireFrameSchema>;

/** Why a frame was refused; a closed union so it can be counted, logged and tested. */
export type WireFrameRejection = 'not-an-object' | 'unknown-version' | 'bad-shape' | 'too-many-fixes';

/** The outcome of `parseWireFrame`: a frame, or the reason it was refused (never an exception). */
export type ParsedWireFrame =
  | { readonly ok: true; readonly frame: WireFrame }
  | { readonly ok: false; readonly reason: WireFrameRejection; readonly detail: string };

/**
 * Validates a decoded JSON value as a wire frame.
 * The version is checked before the shape, so a future frame is reported as `unknown-version`, not `bad-shape`.
 */
export function parseWireFrame(json: unknown): ParsedWireFrame {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, reason: 'not-an-object', detail: `expected a JSON object, received ${describe(json)}` };
  }
  const version = (json as { v?: unknown }).v;
  if (version !== WIRE_FRAME_VERSION) {
    return {
      ok: false,
      reason: 'unknown-version',
      detail: `expected v ${WIRE_FRAME_VERSION}, received ${describe(version)}`,
    };
  }
  const fixes = (json as { fixes?: unknown }).fixes;
  if (Array.isArray(fixes) && fixes.length > MAX_FIXES_PER_FRAME) {
    return {
      ok: false,
      reason: 'too-many-fixes',
      detail: `expected at most ${MAX_FIXES_PER_FRAME} fixes, received ${fixes.length}`,
    };
  }
  const parsed = WireFrameSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: 'bad-shape', detail: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, frame: parsed.data };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
