import type { SnapshotCore, SnapshotRider, StageSnapshot } from '../snapshot';
import { GPS_ERROR_METERS_PER_HDOP } from '../time-gaps';
import { raceEvent, type EventContext } from './emit';
import { durationText, kmText, namesText } from './text';
import type { RaceEvent } from './types';

/**
 * Intermediate sprints and KOM summits: the first riders across each line, with crossing times interpolated
 * between the two snapshots around the crossing (snapshots come about once a second, so within ~1 s).
 *
 * GPS cannot order riders who cross a wheel apart: 5 m of position error is 0.3 s at 60 km/h and 0.9 s at 20 km/h.
 * Riders who crossed within what that error can separate from the first are reported as too close to call for the
 * line (in GPS order), never as a false winner; the official order comes from the commissaires' photo finish.
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

/** Riders at most kept as too close to call for the first place of a line (a bunch crossing a summit together). */
export const LINE_MAX_CONTENDERS = 10;
/** Speed below which a crossing's timing error stops growing, m/s (a rider walking his bike up a summit). */
const MIN_CROSSING_SPEED = 3;
/** How many standard errors of the difference of two crossings separate them (two-sided ~95 %). */
const SEPARATING_SIGMAS = 2;

/** A rider across a line: bib, interpolated crossing time (epoch ms) and its GPS timing error (1 σ, ms). */
export type LineCrossing = readonly [bib: number, tMs: number, sigmaMs?: number];

/**
 * Per line (in the order of the stage's lines): the line, its first riders across, whether reported. A crossing's
 * σ is absent in state written before crossings had one; such a crossing counts as exact.
 */
export interface LineState extends PassageLine {
  readonly order: readonly LineCrossing[];
  readonly reported: boolean;
}

/**
 * The timing error of a crossing, 1 σ in ms: the nominal GPS error (HDOP 1; a snapshot rider carries no HDOP) over
 * the rider's speed.
 */
export function crossingSigmaMs(speedKmh: number): number {
  return ((GPS_ERROR_METERS_PER_HDOP / Math.max(speedKmh / 3.6, MIN_CROSSING_SPEED)) * 1_000) | 0;
}

/** Whether GPS can tell crossing `b` came after crossing `a`: the difference exceeds two σ of the difference. */
function separable(a: LineCrossing, b: LineCrossing): boolean {
  const sigma = Math.hypot(a[2] ?? 0, b[2] ?? 0);
  return b[1] - a[1] > SEPARATING_SIGMAS * sigma;
}

/**
 * How many of the first crossings (time order) GPS cannot separate from the first: 1 when the first is clear.
 */
export function tiedForFirst(order: readonly LineCrossing[]): number {
  const first = order[0];
  if (first === undefined) return 0;
  let tied = 1;
  while (tied < order.length && !separable(first, order[tied]!)) tied++;
  return tied;
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

/** Advances the line state from the previous snapshot to `current`. Pure. */
export function advanceLines(
  state: readonly LineState[],
  lines: readonly PassageLine[],
  previous: { readonly tMs: number; readonly riders: readonly SnapshotRider[] } | undefined,
  current: SnapshotCore,
): readonly LineState[] {
  if (lines.length === 0) return state;
  const next: LineState[] = lines.map((line, i) => state[i] ?? { ...line, order: [], reported: false });
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
        order.push([r.bib, Math.round(previous.tMs + share * spanMs), crossingSigmaMs(r.speedKmh)]);
      }
      order.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
    }
    const kept = order.slice(0, Math.max(LINE_PODIUM, Math.min(LINE_MAX_CONTENDERS, tiedForFirst(order))));
    const first = kept[0];
    const allPassed = current.riders.every((r) => r.finished || r.distanceMeters >= line.meters);
    // A rider still to cross may yet tie with the first: wait until the clock is past what GPS could not separate.
    const contested = first !== undefined && !separable(first, [first[0], current.tMs, first[2]]);
    const reported =
      first !== undefined &&
      ((kept.length >= LINE_PODIUM && !contested) || current.tMs - first[1] >= LINE_REPORT_AFTER_MS || allPassed);
    if (kept.length !== seen.order.length || reported) next[i] = { ...seen, order: kept, reported };
  });
  return next;
}

/** A passage event for each line reported since the previous snapshot. */
export function linePassageEvents(
  previous: readonly LineState[],
  now: readonly LineState[],
  current: StageSnapshot,
  context: EventContext,
): RaceEvent[] {
  const events: RaceEvent[] = [];
  now.forEach((line, i) => {
    if (!line.reported || previous[i]?.reported === true) return;
    const list = orderText(line.order, context);
    const km = kmText(line.meters);
    const sprint = line.kind === 'sprint';
    // Some road books name a sprint only "Intermediate sprint": do not say it twice.
    const named = /sprint/i.test(line.name);
    const tied = tiedForFirst(line.order);
    events.push(
      raceEvent(context, sprint ? 'sprint-passage' : 'kom-passage', `${i + 1}`, {
        distanceMeters: line.meters,
        bibs: line.order.map((o) => o[0]),
        ...(tied > 1 ? { tiedForFirst: tied } : {}),
        text: sprint
          ? `${named ? line.name : `Intermediate sprint at ${line.name}`} (${km.en}): ${list.en}.`
          : `Top of ${line.name} (${km.en}): ${list.en}.`,
        textFr: sprint
          ? `Sprint intermédiaire${named ? '' : ` de ${line.name}`} (${km.fr}) : ${list.fr}.`
          : `Sommet de ${line.name} (${km.fr}) : ${list.fr}.`,
      }),
    );
  });
  return events;
}

/**
 * "1. A, 2. B +3 s, 3. C +5 s", or with the first too close to call "A, B and C too close to call (within 0.4 s),
 * 4. D +3 s" (the tied riders in GPS order).
 */
function orderText(order: readonly LineCrossing[], context: EventContext): { en: string; fr: string } {
  const t0 = order[0]?.[1] ?? 0;
  const tied = tiedForFirst(order);
  const rest = order
    .map(([bib, t], k) => `${k + 1}. ${context.riderName(bib)}${k === 0 ? '' : ` +${durationText((t - t0) / 1_000)}`}`)
    .slice(tied > 1 ? tied : 0);
  if (tied <= 1) return { en: rest.join(', '), fr: rest.join(', ') };
  const names = namesText(
    order.slice(0, tied).map((o) => o[0]),
    context.riderName,
  );
  const within = ((order[tied - 1]![1] - t0) / 1_000).toFixed(1);
  const en = `${names.en} too close to call (within ${within} s)`;
  const fr = `${names.fr} trop proches pour être départagés (moins de ${within.replace('.', ',')} s)`;
  return { en: [en, ...rest].join(', '), fr: [fr, ...rest].join(', ') };
}
