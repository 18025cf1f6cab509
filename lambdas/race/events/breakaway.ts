import type { SnapshotCore, StageSnapshot } from '../snapshot';
import { raceEvent, type EventContext } from './emit';
import { durationText, kmText, namesText } from './text';
import type { RaceEvent } from './types';

/**
 * The breakaway's story with hysteresis: it must hold a lead for a while before it is "formed", its lead crosses
 * milestones only past a margin, and a catch must hold before it is reported, so that GPS jitter and groups
 * flickering at the split threshold never produce flip-flopping events.
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
export interface BreakawayMemory {
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
}

/** Memory before anything happened. */
export const NO_BREAKAWAY: BreakawayMemory = {
  phase: 'none',
  sinceMs: 0,
  formed: 0,
  caught: 0,
  bibs: [],
  level: 0,
  milestones: 0,
  lastMilestoneSeconds: 0,
  leads: [],
};

/** Lead of the head group over the peloton, s; 0 when the peloton leads the race. */
export function headLeadSeconds(snapshot: Pick<SnapshotCore, 'groups'>): number {
  const head = snapshot.groups[0];
  if (head === undefined || head.kind === 'peloton') return 0;
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
export function withLead(leads: BreakawayMemory['leads'], tMs: number, lead: number): BreakawayMemory['leads'] {
  const last = leads[leads.length - 1];
  if (last !== undefined && tMs - last[0] < GAP_SAMPLE_MS) return leads;
  return [...leads, [tMs, Math.round(lead)] as const].slice(-GAP_SAMPLES);
}

/** Advances the breakaway memory to the snapshot `current`. Pure. */
export function advanceBreakaway(memory: BreakawayMemory, current: SnapshotCore): BreakawayMemory {
  // After the first finish the groups left on the road no longer race for the stage: the story is over.
  if (current.finishOrder.length > 0) return memory;
  const lead = headLeadSeconds(current);
  const t = current.tMs;
  const head = current.groups[0];
  const clearBibs = head && lead >= BREAKAWAY_MIN_LEAD_SECONDS ? [...head.riders].sort((a, b) => a - b) : undefined;
  switch (memory.phase) {
    case 'none':
      return clearBibs ? { ...memory, phase: 'forming', sinceMs: t, bibs: clearBibs, leads: [[t, lead]] } : memory;
    case 'forming':
      if (lead < BREAKAWAY_MIN_LEAD_SECONDS / 2) return { ...memory, phase: 'none', bibs: [], leads: [] };
      if (t - memory.sinceMs < BREAKAWAY_CONFIRM_MS) return { ...memory, leads: withLead(memory.leads, t, lead) };
      return {
        ...memory,
        phase: 'away',
        formed: memory.formed + 1,
        bibs: clearBibs ?? memory.bibs,
        level: levelHeld(lead, 0),
        leads: withLead(memory.leads, t, lead),
      };
    case 'away':
    case 'closing': {
      const leads = withLead(memory.leads, t, lead);
      if (lead <= CATCH_MAX_LEAD_SECONDS) {
        if (memory.phase === 'away') return { ...memory, phase: 'closing', sinceMs: t, leads };
        if (t - memory.sinceMs < CATCH_CONFIRM_MS) return { ...memory, leads };
        return { ...memory, phase: 'none', caught: memory.caught + 1, level: 0, leads: [] };
      }
      // A closing breakaway regains the road only clearly (past the catch threshold, not by jitter).
      const phase = memory.phase === 'closing' && lead < 2 * CATCH_MAX_LEAD_SECONDS ? 'closing' : 'away';
      const level = levelHeld(lead, memory.level);
      const moved = level !== memory.level;
      return {
        ...memory,
        phase,
        bibs: clearBibs ?? memory.bibs,
        level,
        milestones: memory.milestones + (moved ? 1 : 0),
        lastMilestoneSeconds: moved
          ? level > memory.level
            ? GAP_MILESTONES_SECONDS[level - 1]!
            : -GAP_MILESTONES_SECONDS[level]!
          : memory.lastMilestoneSeconds,
        leads,
      };
    }
  }
}

/** The trend of remembered leads `[tMs, s]`, oldest first: s per minute (0 with less than 2 min of history). */
export function leadTrendSecondsPerMinute(leads: BreakawayMemory['leads']): number {
  const first = leads[0];
  const last = leads[leads.length - 1];
  if (first === undefined || last === undefined || last[0] - first[0] < 120_000) return 0;
  return (last[1] - first[1]) / ((last[0] - first[0]) / 60_000);
}

/** Breakaway formed, lead milestones and the catch, from the change of memory between two snapshots. */
export function breakawayEvents(
  previous: BreakawayMemory,
  now: BreakawayMemory,
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
    const caughtBibs = previous.bibs.length > 0 ? previous.bibs : now.bibs;
    const who = namesText(caughtBibs, context.riderName);
    events.push(
      raceEvent(context, 'catch', `${now.caught}`, {
        distanceMeters: headMeters,
        bibs: caughtBibs,
        text: `The peloton has caught the breakaway (${who.en}) at ${km.en}.`,
        textFr: `Le peloton a repris l'échappée (${who.fr}) au ${km.fr}.`,
      }),
    );
  }
  return events;
}
