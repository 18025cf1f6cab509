import type { RaceEvent } from '../../core/race';
import {
  addEventMatches,
  comparableEngine,
  comparableTruth,
  type KindCounts,
} from '../../analysis/accuracy/event-match';
import type { TruthEvent } from '../../sim/ground-truth';
import { fixKey, sentFixKeys, type SentLedger } from './mesh-faults';
import type { StoredStage } from './read-back';
import { trackBucketKey, type ReferenceStores } from './reference';

/** What one scenario did to the data, against the reference (same fixes, once, in order) and the truth. */
export interface ScenarioScore {
  /** Distinct fixes the trackers sent. */
  readonly fixesSent: number;
  /** History records the reference stored: the valid fixes (the engine's own refusals left out). */
  readonly fixesExpected: number;
  /** Distinct fixes in history. */
  readonly fixesStored: number;
  /** Expected fixes in neither history nor quarantine: gone without a trace. */
  readonly fixesLost: number;
  /** Expected fixes this run's engine refused (quarantined with a reason) where the reference stored them. */
  readonly fixesRefused: number;
  /** Fixes in history the reference refused (the engine's verdict depends on when fixes arrive). */
  readonly fixesUnexpected: number;
  /** Up to five lost fixes, for the report. */
  readonly lostSample: readonly string[];
  /** Fixes stored under more than one history key (device and time): counted twice by any query. */
  readonly historyDuplicated: number;
  /** Writes of a record already written, which Timestream absorbs (same dimensions, time and version). */
  readonly historyRewrites: number;
  readonly trackBucketsExpected: number;
  readonly trackBucketsLost: number;
  /** Track points stored twice (one fix in two buckets or items). */
  readonly trackDuplicated: number;
  /**
   * Events the truth has that no stored event matches, and stored events that match no truth event (of the kinds
   * the truth knows: gap milestones, bridges, virtual leaders and the flamme rouge are the engine's alone).
   */
  readonly eventsMissing: number;
  readonly eventsExtra: number;
  /** Stored events that repeat an earlier one: same kind and riders, within 1 km. */
  readonly eventsDuplicated: number;
  readonly eventsStored: number;
  /** Quarantined fixes or frames by reason. */
  readonly quarantined: ReadonlyMap<string, number>;
}

/** Two events of one kind about the same riders this close are one occurrence reported twice, m. */
const SAME_OCCURRENCE_METERS = 1_000;

/** Scores a scenario's stores against what was sent, the reference stores and the truth. */
export function scoreScenario(ledger: SentLedger, reference: ReferenceStores, stored: StoredStage): ScenarioScore {
  const storedKeys = new Set(stored.history.map((h) => fixKey(h.device, h.tMs)));
  const keysOfFix = new Map<string, Set<number>>();
  for (const h of stored.history) {
    const fix = `${h.device}#${h.seq}`;
    const times = keysOfFix.get(fix) ?? new Set<number>();
    times.add(h.tMs);
    keysOfFix.set(fix, times);
  }
  let historyDuplicated = 0;
  for (const times of keysOfFix.values()) historyDuplicated += times.size - 1;
  const storedBuckets = new Set(stored.tracks.map((p) => trackBucketKey(p.bib, p.tMs)));
  const pointCounts = new Map<string, number>();
  for (const p of stored.tracks) pointCounts.set(`${p.bib}@${p.tMs}`, (pointCounts.get(`${p.bib}@${p.tMs}`) ?? 0) + 1);
  let trackDuplicated = stored.tracks.length - storedBuckets.size;
  for (const n of pointCounts.values()) trackDuplicated += n - 1;
  const events = eventCounts(ledger.truthEvents, stored.events);
  const lost = [...reference.history].filter((key) => !storedKeys.has(key) && !stored.quarantinedFixes.has(key));
  return {
    fixesSent: sentFixKeys(ledger).size,
    fixesExpected: reference.history.size,
    fixesStored: storedKeys.size,
    fixesLost: lost.length,
    fixesRefused: countMissing(reference.history, storedKeys) - lost.length,
    lostSample: lost.slice(0, 5),
    fixesUnexpected: countMissing(storedKeys, reference.history),
    historyDuplicated,
    historyRewrites: stored.history.length - storedKeys.size,
    trackBucketsExpected: reference.trackBuckets.size,
    trackBucketsLost: countMissing(reference.trackBuckets, storedBuckets),
    trackDuplicated,
    eventsMissing: events.missing,
    eventsExtra: events.extra,
    eventsDuplicated: duplicatedEvents(stored.events),
    eventsStored: stored.events.length,
    quarantined: stored.quarantined,
  };
}

/**
 * True when a score meets the bar: no valid fix gone without a trace (each is in history, or in quarantine
 * with the engine's reason), none counted twice in history or tracks, no track bucket missing, no duplicate event.
 */
export function meetsBar(score: ScenarioScore): boolean {
  return (
    score.fixesLost === 0 &&
    score.historyDuplicated === 0 &&
    score.trackBucketsLost === 0 &&
    score.trackDuplicated === 0 &&
    score.eventsDuplicated === 0
  );
}

function countMissing(expected: ReadonlySet<string>, actual: ReadonlySet<string>): number {
  let missing = 0;
  for (const key of expected) if (!actual.has(key)) missing++;
  return missing;
}

/** Engine event kinds the simulator's truth has no notion of: never counted as extra. */
const ENGINE_ONLY_KINDS: ReadonlySet<RaceEvent['kind']> = new Set([
  'gap-milestone',
  'bridge',
  'virtual-leader',
  'flamme-rouge',
]);

/** Truth events (within the window: a line nobody reached yet is no event) matched to stored ones. */
function eventCounts(truth: readonly TruthEvent[], stored: readonly RaceEvent[]): { missing: number; extra: number } {
  const happened = truth.filter((e) => e.type !== 'passage' || e.order.length > 0);
  const comparable = stored.filter((e) => !ENGINE_ONLY_KINDS.has(e.kind));
  const counts = new Map<string, KindCounts>();
  addEventMatches(counts, comparable.map(comparableEngine), happened.flatMap(comparableTruth));
  let missing = 0;
  let extra = 0;
  for (const c of counts.values()) {
    missing += c.truth - c.matched;
    extra += c.engine - c.matched;
  }
  return { missing, extra };
}

/**
 * Which gap milestone an event reports ("The breakaway's lead passes 2 min"), '' for other kinds: a lead that grows
 * by a minute within a kilometre (the peloton held up by a crash) passes two milestones, which are two occurrences.
 */
function milestoneOf(e: RaceEvent): string {
  return e.kind === 'gap-milestone' ? (e.text.split(':')[0] ?? e.text) : '';
}

/**
 * Stored events that repeat an earlier one of the same kind (and milestone) about the same riders within
 * `SAME_OCCURRENCE_METERS`.
 */
export function duplicatedEvents(events: readonly RaceEvent[]): number {
  const seen = new Map<string, number[]>();
  let duplicated = 0;
  for (const e of [...events].sort((a, b) => a.tMs - b.tMs)) {
    const key = `${e.kind}|${[...e.bibs].sort((a, b) => a - b).join(',')}|${milestoneOf(e)}`;
    const places = seen.get(key) ?? [];
    if (places.some((d) => Math.abs(d - e.distanceMeters) <= SAME_OCCURRENCE_METERS)) duplicated++;
    places.push(e.distanceMeters);
    seen.set(key, places);
  }
  return duplicated;
}
