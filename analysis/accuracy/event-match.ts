import type { RaceEvent } from '../../core/race/index';
import type { TruthEvent } from '../../sim/ground-truth';

/**
 * Event precision and recall: the engine's race events (from `raceEvents` between consecutive snapshots) matched
 * one to one against the simulator's truth events by kind, riders and a time window.
 */

/** An event reduced to what matching reads: kind (in the engine's vocabulary when there is one), time, riders. */
export interface ComparableEvent {
  readonly kind: string;
  readonly tMs: number;
  readonly bibs: readonly number[];
}

/** Truth event types that the engine reports under another name; others keep their own type as kind. */
const ENGINE_KIND_OF_TRUTH: Readonly<Record<string, string>> = {
  caught: 'catch',
  mechanical: 'rider-stopped',
  'device-swap': 'bike-change',
};

/** How late (and how early) an engine event may be, ms, and whether its riders must be the truth's. */
interface MatchRule {
  readonly earlyMs: number;
  readonly lateMs: number;
  readonly sameRider: boolean;
}

// The engine sees an event only once it shows in positions: a stop after ~5 s of no progress, a break once it is
// 2 s clear; a finish within a second or two.
const RULES: Readonly<Record<string, MatchRule>> = {
  finish: { earlyMs: 5_000, lateMs: 10_000, sameRider: true },
  'rider-stopped': { earlyMs: 10_000, lateMs: 90_000, sameRider: true },
  crash: { earlyMs: 10_000, lateMs: 90_000, sameRider: false },
  'bike-change': { earlyMs: 30_000, lateMs: 120_000, sameRider: true },
};
const DEFAULT_RULE: MatchRule = { earlyMs: 30_000, lateMs: 180_000, sameRider: false };

/** Turns a truth event into comparable ones (a crash where one rider stopped is that rider's stop). */
export function comparableTruth(event: TruthEvent): ComparableEvent[] {
  const kind = ENGINE_KIND_OF_TRUTH[event.type] ?? event.type;
  switch (event.type) {
    case 'passage':
      return [
        { kind: `${event.kind}-passage`, tMs: event.order[0]?.t ?? 0, bibs: event.order.slice(0, 1).map((o) => o.bib) },
      ];
    case 'crash': {
      const stopped = event.bibs.filter((_, i) => (event.stopSeconds[i] ?? 0) > 0);
      if (stopped.length === 0) return [];
      return [{ kind: stopped.length === 1 ? 'rider-stopped' : 'crash', tMs: event.t, bibs: stopped }];
    }
    case 'attack':
    case 'mechanical':
    case 'device-swap':
    case 'finish':
      return [{ kind, tMs: event.t, bibs: [event.bib] }];
    default:
      return [{ kind, tMs: event.t, bibs: event.bibs }];
  }
}

/**
 * Turns an engine event into a comparable one. A sprint or KOM passage is compared by the riders it names as
 * possibly first (the first alone, or those too close to call), against the truth's first: naming the true first
 * third of a podium does not count.
 */
export function comparableEngine(event: RaceEvent): ComparableEvent {
  const passage = event.kind === 'sprint-passage' || event.kind === 'kom-passage';
  return {
    kind: event.kind,
    tMs: event.tMs,
    bibs: passage ? event.bibs.slice(0, event.tiedForFirst ?? 1) : event.bibs,
  };
}

/** Per kind: events on each side and how many of them found a partner. */
export interface KindCounts {
  engine: number;
  truth: number;
  matched: number;
}

function ridersAgree(engine: readonly number[], truth: readonly number[], sameRider: boolean): boolean {
  if (engine.length === 0 || truth.length === 0) return !sameRider;
  const truthSet = new Set(truth);
  let common = 0;
  for (const bib of engine) if (truthSet.has(bib)) common++;
  return sameRider
    ? common > 0 && engine.length === 1 && truth.length === 1
    : common * 2 >= Math.min(engine.length, truth.length);
}

/** Matches engine events to truth events one to one (earliest first) and adds the counts per kind to `into`. */
export function addEventMatches(
  into: Map<string, KindCounts>,
  engine: readonly ComparableEvent[],
  truth: readonly ComparableEvent[],
): void {
  const counts = (kind: string): KindCounts => {
    let c = into.get(kind);
    if (c === undefined) into.set(kind, (c = { engine: 0, truth: 0, matched: 0 }));
    return c;
  };
  const unmatched = [...engine].sort((a, b) => a.tMs - b.tMs);
  for (const e of unmatched) counts(e.kind).engine++;
  const used = new Array<boolean>(unmatched.length).fill(false);
  for (const t of [...truth].sort((a, b) => a.tMs - b.tMs)) {
    const c = counts(t.kind);
    c.truth++;
    const rule = RULES[t.kind] ?? DEFAULT_RULE;
    const i = unmatched.findIndex(
      (e, k) =>
        !used[k] &&
        e.kind === t.kind &&
        e.tMs >= t.tMs - rule.earlyMs &&
        e.tMs <= t.tMs + rule.lateMs &&
        ridersAgree(e.bibs, t.bibs, rule.sameRider),
    );
    if (i >= 0) {
      used[i] = true;
      c.matched++;
    }
  }
}
