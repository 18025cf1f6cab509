import type { RaceEvent, RaceEventKind, RiderName } from './types';

/** What every event family needs to write its events: the stage, the snapshot time and rider names. */
export interface EventContext {
  readonly stage: number;
  readonly tMs: number;
  readonly riderName: RiderName;
}

/** Builds an event whose id is `<stage>-<kind>-<key>`: the key names the occurrence, never the run that saw it. */
export function raceEvent(
  context: EventContext,
  kind: RaceEventKind,
  key: string,
  fields: {
    distanceMeters: number;
    bibs: readonly number[];
    tiedForFirst?: number;
    text: string;
    textFr: string;
    tMs?: number;
  },
): RaceEvent {
  return {
    id: `${context.stage}-${kind}-${key}`,
    kind,
    tMs: fields.tMs ?? context.tMs,
    distanceMeters: Math.round(fields.distanceMeters),
    bibs: fields.bibs,
    ...(fields.tiedForFirst === undefined ? {} : { tiedForFirst: fields.tiedForFirst }),
    text: fields.text,
    textFr: fields.textFr,
  };
}
