import type { SnapshotCore, SnapshotRider, StageSnapshot } from '../snapshot';
import { raceEvent, type EventContext } from './emit';
import { durationText, kmText } from './text';
import type { RaceEvent } from './types';

/**
 * Intermediate sprints and KOM summits: the first riders across each line, with crossing times interpolated
 * between the two snapshots around the crossing (snapshots come about once a second, so within ~1 s).
 */

/** A line whose first riders are reported: an intermediate sprint or a categorized climb's summit. */
export interface PassageLine {
  readonly kind: 'sprint' | 'kom';
  readonly name: string;
  /** Distance of the line along the route, m. */
  readonly meters: number;
}

/** Riders reported per line (the bonus seconds go to the first three). */
export const LINE_PODIUM = 3;
/** A line is reported with fewer riders once this long has passed since the first crossed, ms. */
export const LINE_REPORT_AFTER_MS = 120_000;

/** Per line (in the order of the stage's lines): the line, its first riders across `[bib, tMs]`, whether reported. */
export interface LineMemory extends PassageLine {
  readonly order: readonly (readonly [number, number])[];
  readonly reported: boolean;
}

/** The scaled lines of a stage from its config: official km scaled to the route file's length (as the simulator does). */
export function passageLinesOf(
  stage: {
    readonly distanceKm: number;
    readonly sprints: readonly { readonly name: string; readonly km: number }[];
    readonly climbs: readonly { readonly name: string; readonly summitKm: number }[];
  },
  routeLengthMeters: number,
): PassageLine[] {
  const scale = routeLengthMeters / (stage.distanceKm * 1_000);
  const clamp = (m: number): number => Math.min(routeLengthMeters - 1, Math.max(1, m));
  return [
    ...stage.sprints.map((s) => ({ kind: 'sprint' as const, name: s.name, meters: clamp(s.km * 1_000 * scale) })),
    ...stage.climbs.map((c) => ({ kind: 'kom' as const, name: c.name, meters: clamp(c.summitKm * 1_000 * scale) })),
  ];
}

/** Advances the line memory from the previous snapshot to `current`. Pure. */
export function advanceLines(
  memory: readonly LineMemory[],
  lines: readonly PassageLine[],
  previous: { readonly tMs: number; readonly riders: readonly SnapshotRider[] } | undefined,
  current: SnapshotCore,
): readonly LineMemory[] {
  if (lines.length === 0) return memory;
  const next: LineMemory[] = lines.map((line, i) => memory[i] ?? { ...line, order: [], reported: false });
  let furthest = -Infinity;
  for (const r of current.riders) if (r.distanceMeters > furthest) furthest = r.distanceMeters;
  let before: Map<number, number> | undefined;
  const spanMs = previous === undefined ? 0 : current.tMs - previous.tMs;
  lines.forEach((line, i) => {
    const seen = next[i]!;
    if (seen.reported) return;
    const order = [...seen.order];
    if (previous !== undefined && spanMs > 0 && furthest >= line.meters) {
      before ??= new Map(previous.riders.map((r) => [r.bib, r.distanceMeters]));
      for (const r of current.riders) {
        const from = before.get(r.bib);
        if (from === undefined || !(from < line.meters && r.distanceMeters >= line.meters)) continue;
        if (order.some((o) => o[0] === r.bib)) continue;
        const share = (line.meters - from) / (r.distanceMeters - from);
        order.push([r.bib, Math.round(previous.tMs + share * spanMs)]);
      }
      order.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
    }
    const kept = order.slice(0, LINE_PODIUM);
    const first = kept[0];
    const allPassed = current.riders.every((r) => r.finished || r.distanceMeters >= line.meters);
    const reported =
      first !== undefined &&
      (kept.length >= LINE_PODIUM || current.tMs - first[1] >= LINE_REPORT_AFTER_MS || allPassed);
    if (kept.length !== seen.order.length || reported) next[i] = { ...seen, order: kept, reported };
  });
  return next;
}

/** A passage event for each line reported since the previous snapshot. */
export function linePassageEvents(
  previous: readonly LineMemory[],
  now: readonly LineMemory[],
  current: StageSnapshot,
  context: EventContext,
): RaceEvent[] {
  const events: RaceEvent[] = [];
  now.forEach((line, i) => {
    if (!line.reported || previous[i]?.reported === true) return;
    const t0 = line.order[0]?.[1] ?? current.tMs;
    const list = line.order
      .map(
        ([bib, t], k) => `${k + 1}. ${context.riderName(bib)}${k === 0 ? '' : ` +${durationText((t - t0) / 1_000)}`}`,
      )
      .join(', ');
    const km = kmText(line.meters);
    const sprint = line.kind === 'sprint';
    // Some road books name a sprint only "Intermediate sprint": do not say it twice.
    const named = /sprint/i.test(line.name);
    events.push(
      raceEvent(context, sprint ? 'sprint-passage' : 'kom-passage', `${i + 1}`, {
        distanceMeters: line.meters,
        bibs: line.order.map((o) => o[0]),
        text: sprint
          ? `${named ? line.name : `Intermediate sprint at ${line.name}`} (${km.en}): ${list}.`
          : `Top of ${line.name} (${km.en}): ${list}.`,
        textFr: sprint
          ? `Sprint intermédiaire${named ? '' : ` de ${line.name}`} (${km.fr}) : ${list}.`
          : `Sommet de ${line.name} (${km.fr}) : ${list}.`,
      }),
    );
  });
  return events;
}
