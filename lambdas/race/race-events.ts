import type { StageSnapshot } from './snapshot';

/** Kinds of race events the engine reports from one snapshot to the next. */
export type RaceEventKind = 'breakaway-formed' | 'catch' | 'rider-stopped' | 'bike-change' | 'flamme-rouge' | 'finish';

/** A race event with fan-ready text; its id depends only on what happened, so writing it twice is harmless. */
export interface RaceEvent {
  /** Deterministic id: stage, kind and who (or what) it is about. */
  readonly id: string;
  readonly kind: RaceEventKind;
  /** Time of the snapshot that saw it, epoch ms. */
  readonly tMs: number;
  /** Distance of the riders concerned (or of the head), m. */
  readonly distanceMeters: number;
  readonly bibs: readonly number[];
  /** One sentence for fans. */
  readonly text: string;
}

/** A rider slower than this before stopping was not racing yet (the start, the neutral zone), km/h. */
const MOVING_KMH = 10;

/** The red kite hangs this far before the finish, m. */
export const FLAMME_ROUGE_METERS = 1_000;

/**
 * Returns the events between two snapshots of a stage (none for the first): a breakaway forming, its catch,
 * riders stopping from race speed or changing bikes, the flamme rouge and each finish. `riderName` turns a bib into a fan's name.
 */
export function raceEvents(
  previous: StageSnapshot | undefined,
  current: StageSnapshot,
  riderName: (bib: number) => string = (bib) => `#${bib}`,
): RaceEvent[] {
  if (previous === undefined) return [];
  const events: RaceEvent[] = [];
  const at = (
    kind: RaceEventKind,
    key: string,
    distanceMeters: number,
    bibs: readonly number[],
    text: string,
  ): void => {
    events.push({ id: `${current.stage}-${kind}-${key}`, kind, tMs: current.tMs, distanceMeters, bibs, text });
  };
  const km = (meters: number): string => `km ${(meters / 1_000).toFixed(1)}`;
  const names = (bibs: readonly number[]): string => bibs.map(riderName).join(', ');
  const breakaway = current.groups.find((g) => g.kind === 'breakaway');
  const hadBreakaway = previous.groups.some((g) => g.kind === 'breakaway');
  if (breakaway && !hadBreakaway) {
    const bibs = [...breakaway.riders].sort((a, b) => a - b);
    at(
      'breakaway-formed',
      `${current.tMs}`,
      breakaway.distanceMeters,
      bibs,
      `Breakaway at ${km(breakaway.distanceMeters)}: ${names(bibs)}.`,
    );
  }
  const head = current.groups[0];
  if (!breakaway && hadBreakaway && head?.kind === 'peloton') {
    at(
      'catch',
      `${current.tMs}`,
      head.distanceMeters,
      [],
      `The peloton has caught the breakaway at ${km(head.distanceMeters)}.`,
    );
  }
  const before = new Map(previous.riders.map((r) => [r.bib, r]));
  for (const rider of current.riders) {
    const was = before.get(rider.bib);
    if (was === undefined) continue;
    if (rider.stationary && !was.stationary && was.speedKmh >= MOVING_KMH && !rider.finished) {
      at(
        'rider-stopped',
        `${rider.bib}-${current.tMs}`,
        rider.distanceMeters,
        [rider.bib],
        `${riderName(rider.bib)} has stopped at ${km(rider.distanceMeters)}.`,
      );
    }
    if (rider.status === 'bike-change-suspected' && was.status !== 'bike-change-suspected') {
      at(
        'bike-change',
        `${rider.bib}-${current.tMs}`,
        rider.distanceMeters,
        [rider.bib],
        `${riderName(rider.bib)} changes bikes at ${km(rider.distanceMeters)}.`,
      );
    }
  }
  const headNow = current.groups[0]?.distanceMeters ?? current.routeLengthMeters;
  const headBefore = previous.groups[0]?.distanceMeters ?? previous.routeLengthMeters;
  const kite = current.routeLengthMeters - FLAMME_ROUGE_METERS;
  if (headBefore < kite && (headNow >= kite || current.finishOrder.length > 0)) {
    at('flamme-rouge', 'head', kite, [], 'Flamme rouge: 1 km to go for the head of the race.');
  }
  current.finishOrder.forEach((bib, i) => {
    if (i < previous.finishOrder.length) return;
    at(
      'finish',
      `${bib}`,
      current.routeLengthMeters,
      [bib],
      `${riderName(bib)} crosses the line in position ${i + 1}.`,
    );
  });
  return events;
}
