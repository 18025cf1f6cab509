import type { SnapshotCore, StageSnapshot } from '../snapshot';
import { raceEvent, type EventContext } from './emit';
import { durationText, kmText, namesText } from './text';
import type { RaceEvent } from './types';

/**
 * The breakaway's story with hysteresis: it must hold a lead for a while before it is "formed", its lead crosses
 * milestones only past a margin, and a catch must hold before it is reported, so that GPS jitter and groups
 * flickering at the split threshold never produce flip-flopping events. Catches are counted per rider of the
 * breakaway, so a breakaway that comes back in pieces gives one catch per piece.
 */

/** A head group this far ahead of the peloton, s, is a breakaway candidate; below half of it the candidate ends. */
export const BREAKAWAY_MIN_LEAD_SECONDS = 10;
/** A candidate must stay clear this long to be reported, ms. */
export const BREAKAWAY_CONFIRM_MS = 60_000;
/** A confirmed breakaway whose lead is at most this, s, is being caught… */
export const CATCH_MAX_LEAD_SECONDS = 3;
/** …and caught once that holds this long, ms. */
export const CATCH_CONFIRM_MS = 30_000;
/** Lead milestones reported up and down, s (TV graphics announce these). */
export const GAP_MILESTONES_SECONDS = [30, 60, 120, 180, 300, 600, 900, 1_200, 1_800] as const;
/** A milestone counts as lost only below it by this share, and at least 10 s: gap jitter of ±3–5 s never flips it. */
export const GAP_DOWN_MARGIN = 0.05;
/** The smallest margin below a milestone before it counts as lost, s (more than twice the gap noise on a climb). */
export const GAP_DOWN_MIN_SECONDS = 10;
/** Lead samples kept for the gap trend: one per 30 s over 5 min. */
const GAP_SAMPLE_MS = 30_000;
const GAP_SAMPLES = 11;

/** Where the breakaway's story stands, carried from one snapshot to the next. */
export interface BreakawayState {
  readonly phase: 'none' | 'forming' | 'away' | 'closing';
  /** Start of the current `forming` or `closing` phase, epoch ms. */
  readonly sinceMs: number;
  /** Breakaways confirmed so far this stage (numbers their events). */
  readonly formed: number;
  /** Catches confirmed so far. */
  readonly caught: number;
  /** Riders of the breakaway as last seen clear, bib order. */
  readonly bibs: readonly number[];
  /** Milestones currently held (index into `GAP_MILESTONES_SECONDS`). */
  readonly level: number;
  /** Milestone events so far. */
  readonly milestones: number;
  /** The last milestone event: +s when passed upwards, −s when lost. */
  readonly lastMilestoneSeconds: number;
  /** Recent leads `[tMs, s]`, oldest first (for the gap trend of the predictions). */
  readonly leads: readonly (readonly [number, number])[];
  /**
   * Riders of the confirmed breakaways not caught yet, bib order: `[bib]` while clear of the peloton, `[bib, since
   * (epoch ms)]` while with it. Optional: a state stored before it existed has none.
   */
  readonly away?: readonly (readonly [number, number?])[];
  /** Riders of the last catch, bib order. Optional, as `away`. */
  readonly caughtBibs?: readonly number[];
}

/** State before anything happened. */
export const NO_BREAKAWAY: BreakawayState = {
  phase: 'none',
  sinceMs: 0,
  formed: 0,
  caught: 0,
  bibs: [],
  level: 0,
  milestones: 0,
  lastMilestoneSeconds: 0,
  leads: [],
  away: [],
};

/**
 * The smallest largest group that is a peloton, riders. In a time trial riders start a minute apart and ride alone
 * (two together while one passes another; never three in the simulated 2022 time trial): the first starter is then
 * minutes "ahead" of a largest group of one or two, which is neither a breakaway nor a peloton, and nobody attacks,
 * bridges or is caught. A road stage's peloton has a dozen riders or more even at the end of a mountain stage.
 */
export const MIN_PELOTON_RIDERS = 3;

/**
 * The peloton (largest group) when it is a real bunch: `MIN_PELOTON_RIDERS` or more, or at least half of the riders
 * on the road (a field of a handful of riders), else undefined with its index -1.
 */
export function pelotonOf(
  groups: SnapshotCore['groups'],
): { peloton: SnapshotCore['groups'][number]; index: number } | undefined {
  const index = groups.findIndex((g) => g.kind === 'peloton');
  const peloton = groups[index];
  if (peloton === undefined) return undefined;
  let onRoad = 0;
  for (const g of groups) onRoad += g.size;
  return peloton.size >= MIN_PELOTON_RIDERS || 2 * peloton.size >= onRoad ? { peloton, index } : undefined;
}

/** Lead of the head group over the peloton, s; 0 when the peloton leads the race or there is no bunch to lead. */
export function headLeadSeconds(snapshot: Pick<SnapshotCore, 'groups'>): number {
  const head = snapshot.groups[0];
  if (head === undefined || head.kind === 'peloton') return 0;
  if (pelotonOf(snapshot.groups) === undefined) return 0;
  return Math.max(0, -head.gapToPelotonSeconds);
}

function levelHeld(lead: number, level: number): number {
  let next = level;
  while (next < GAP_MILESTONES_SECONDS.length && lead >= GAP_MILESTONES_SECONDS[next]!) next++;
  while (next > 0) {
    const m = GAP_MILESTONES_SECONDS[next - 1]!;
    if (lead >= m - Math.max(GAP_DOWN_MIN_SECONDS, m * GAP_DOWN_MARGIN)) break;
    next--;
  }
  return next;
}

/** Adds a lead sample `[tMs, s]` when the last is at least 30 s old; keeps the last 5 min. */
export function withLead(leads: BreakawayState['leads'], tMs: number, lead: number): BreakawayState['leads'] {
  const last = leads[leads.length - 1];
  if (last !== undefined && tMs - last[0] < GAP_SAMPLE_MS) return leads;
  return [...leads, [tMs, Math.round(lead)] as const].slice(-GAP_SAMPLES);
}

/** Advances the breakaway state to the snapshot `current`. Pure. */
export function advanceBreakaway(state: BreakawayState, current: SnapshotCore): BreakawayState {
  // After the first finish the groups left on the road no longer race for the stage: the story is over.
  if (current.finishOrder.length > 0) return state;
  return advanceCatches(state, advanceHead(state, current), current);
}

/**
 * Catches, rider by rider: a rider of a confirmed breakaway is caught once with the peloton (in its group, or at
 * most `CATCH_MAX_LEAD_SECONDS` ahead) for `CATCH_CONFIRM_MS`. A breakaway often comes back in pieces (a rider
 * dropped from it, the others later), and each piece is a catch; riders with the peloton when a catch is confirmed
 * are caught with it. Riders whose tracker is late are left as they were: their gap is that of an old fix.
 */
function advanceCatches(before: BreakawayState, next: BreakawayState, current: SnapshotCore): BreakawayState {
  // A state stored before `away` existed: the breakaway on the road is the one to catch.
  const stored = before.phase === 'away' || before.phase === 'closing' ? before.bibs.map((b) => [b] as const) : [];
  let away = next.away ?? before.away ?? stored;
  if (next.formed > before.formed) {
    const known = new Set(away.map(([b]) => b));
    const joined = next.bibs.filter((b) => !known.has(b)).map((b) => [b] as const);
    if (joined.length > 0) away = [...away, ...joined].sort((a, b) => a[0] - b[0]);
  }
  if (away.length === 0) return away === next.away ? next : { ...next, away };
  const bunch = pelotonOf(current.groups);
  if (bunch === undefined) return { ...next, away };
  const { peloton, index: pelotonIndex } = bunch;
  const t = current.tMs;
  const riders = new Map(current.riders.map((r) => [r.bib, r]));
  const updated: (readonly [number, number?])[] = [];
  for (const entry of away) {
    const r = riders.get(entry[0]);
    if (r === undefined || r.finished) continue;
    if (r.status !== 'ok') {
      updated.push(entry);
      continue;
    }
    // Any moment clear of the peloton restarts the wait: a break hovering a few seconds ahead is not caught yet.
    const withPeloton = r.group === pelotonIndex || peloton.gapSeconds - r.gapSeconds <= CATCH_MAX_LEAD_SECONDS;
    if (!withPeloton) updated.push([entry[0]]);
    else updated.push(entry[1] === undefined ? [entry[0], t] : entry);
  }
  if (!updated.some(([, since]) => since !== undefined && t - since >= CATCH_CONFIRM_MS)) {
    return { ...next, away: updated };
  }
  return {
    ...next,
    caught: next.caught + 1,
    caughtBibs: updated.filter(([, since]) => since !== undefined).map(([b]) => b),
    away: updated.filter(([, since]) => since === undefined),
  };
}

/** The head group's story: a breakaway forming, away (its lead and milestones), closing, back in the peloton. */
function advanceHead(state: BreakawayState, current: SnapshotCore): BreakawayState {
  const lead = headLeadSeconds(current);
  const t = current.tMs;
  const head = current.groups[0];
  const clearBibs = head && lead >= BREAKAWAY_MIN_LEAD_SECONDS ? [...head.riders].sort((a, b) => a - b) : undefined;
  switch (state.phase) {
    case 'none':
      return clearBibs ? { ...state, phase: 'forming', sinceMs: t, bibs: clearBibs, leads: [[t, lead]] } : state;
    case 'forming':
      if (lead < BREAKAWAY_MIN_LEAD_SECONDS / 2) return { ...state, phase: 'none', bibs: [], leads: [] };
      if (t - state.sinceMs < BREAKAWAY_CONFIRM_MS) return { ...state, leads: withLead(state.leads, t, lead) };
      return {
        ...state,
        phase: 'away',
        formed: state.formed + 1,
        bibs: clearBibs ?? state.bibs,
        level: levelHeld(lead, 0),
        leads: withLead(state.leads, t, lead),
      };
    case 'away':
    case 'closing': {
      const leads = withLead(state.leads, t, lead);
      if (lead <= CATCH_MAX_LEAD_SECONDS) {
        if (state.phase === 'away') return { ...state, phase: 'closing', sinceMs: t, leads };
        if (t - state.sinceMs < CATCH_CONFIRM_MS) return { ...state, leads };
        return { ...state, phase: 'none', level: 0, leads: [] };
      }
      // A closing breakaway regains the road only clearly (past the catch threshold, not by jitter).
      const phase = state.phase === 'closing' && lead < 2 * CATCH_MAX_LEAD_SECONDS ? 'closing' : 'away';
      const level = levelHeld(lead, state.level);
      const moved = level !== state.level;
      return {
        ...state,
        phase,
        bibs: clearBibs ?? state.bibs,
        level,
        milestones: state.milestones + (moved ? 1 : 0),
        lastMilestoneSeconds: moved
          ? level > state.level
            ? GAP_MILESTONES_SECONDS[level - 1]!
            : -GAP_MILESTONES_SECONDS[level]!
          : state.lastMilestoneSeconds,
        leads,
      };
    }
  }
}

/** The trend of remembered leads `[tMs, s]`, oldest first: s per minute (0 with less than 2 min of history). */
export function leadTrendSecondsPerMinute(leads: BreakawayState['leads']): number {
  const first = leads[0];
  const last = leads[leads.length - 1];
  if (first === undefined || last === undefined || last[0] - first[0] < 120_000) return 0;
  return (last[1] - first[1]) / ((last[0] - first[0]) / 60_000);
}

/** Breakaway formed, lead milestones and the catch, from the change of state between two snapshots. */
export function breakawayEvents(
  previous: BreakawayState,
  now: BreakawayState,
  current: StageSnapshot,
  context: EventContext,
): RaceEvent[] {
  const events: RaceEvent[] = [];
  const head = current.groups[0];
  const headMeters = head?.distanceMeters ?? current.routeLengthMeters;
  const km = kmText(headMeters);
  const names = namesText(now.bibs, context.riderName);
  if (now.formed > previous.formed) {
    const lead = durationText(headLeadSeconds(current));
    events.push(
      raceEvent(context, 'breakaway-formed', `${now.formed}`, {
        distanceMeters: headMeters,
        bibs: now.bibs,
        text: `Breakaway at ${km.en}: ${names.en}, ${lead} clear of the peloton.`,
        textFr: `Échappée au ${km.fr} : ${names.fr}, ${lead} d'avance sur le peloton.`,
      }),
    );
  }
  if (now.milestones > previous.milestones && now.formed === previous.formed) {
    const m = durationText(Math.abs(now.lastMilestoneSeconds));
    const lead = durationText(headLeadSeconds(current));
    const up = now.lastMilestoneSeconds > 0;
    events.push(
      raceEvent(context, 'gap-milestone', `${now.formed}-${now.milestones}`, {
        distanceMeters: headMeters,
        bibs: now.bibs,
        text: up
          ? `The breakaway's lead passes ${m}: ${lead} at ${km.en}.`
          : `The breakaway's lead falls below ${m}: ${lead} at ${km.en}.`,
        textFr: up
          ? `L'avance de l'échappée dépasse ${m} : ${lead} au ${km.fr}.`
          : `L'avance de l'échappée passe sous ${m} : ${lead} au ${km.fr}.`,
      }),
    );
  }
  if (now.caught > previous.caught) {
    const caughtBibs = now.caughtBibs ?? (previous.bibs.length > 0 ? previous.bibs : now.bibs);
    const who = namesText(caughtBibs, context.riderName);
    // Where the caught riders are (fresh fixes all): a group's distance is its first rider's, maybe a stale one.
    let meters = -Infinity;
    for (const r of current.riders) if (caughtBibs.includes(r.bib)) meters = Math.max(meters, r.distanceMeters);
    if (meters === -Infinity) meters = headMeters;
    const at = kmText(meters);
    const whole = (now.away ?? []).length === 0;
    events.push(
      raceEvent(context, 'catch', `${now.caught}`, {
        distanceMeters: meters,
        bibs: caughtBibs,
        text: whole
          ? `The peloton has caught the breakaway (${who.en}) at ${at.en}.`
          : `The peloton has caught ${who.en} from the breakaway at ${at.en}.`,
        textFr: whole
          ? `Le peloton a repris l'échappée (${who.fr}) au ${at.fr}.`
          : `Le peloton a repris ${who.fr}, de l'échappée, au ${at.fr}.`,
      }),
    );
  }
  return events;
}
