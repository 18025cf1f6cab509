import { advanceLeader, NO_LEADER, type LeaderState } from '../../core/race/events/virtual-leader';
import {
  finishBonuses,
  FLAMME_ROUGE_METERS,
  virtualGc,
  type GcStanding,
  type SnapshotCore,
  type StageProgress,
} from '../../core/race/index';
import type { TruthSecond } from '../../sim/ground-truth';
import type { ComparableEvent } from './event-match';
import type { TruthClock } from './truth-clock';
import type { TruthHead } from './truth-head';

/**
 * Truth for two event kinds the simulator does not report itself, derived from its true positions each second:
 * the flamme rouge (the true head of the race passing 1 km to go) and virtual leader changes. A virtual leader
 * change is a judgement (how long and how far ahead before it counts), so the truth applies the engine's own
 * hysteresis (`advanceLeader`: 60 s held, 2 s ahead) to the true virtual GC: what the engine would report with
 * perfect positions. The engine's GPS error is what is scored, not its rule.
 */
export class TruthRaceEvents {
  private leader: LeaderState = NO_LEADER;
  private flammeRouge = false;
  private readonly finishOrder: number[] = [];

  constructor(
    private readonly bibs: readonly number[],
    private readonly lengthMeters: number,
    private readonly gcBefore: readonly GcStanding[],
    private readonly finishBonusSeconds: readonly number[],
    /** Set in a time trial: the virtual GC counts the time lost at the latest time check, as the engine does. */
    private readonly clock: TruthClock | undefined,
  ) {}

  /** Notes a true finish (in crossing order). */
  finished(bib: number): void {
    this.finishOrder.push(bib);
  }

  /** The truth events of a simulated second, after `head` (and `clock`) have taken it. */
  add(truth: TruthSecond, head: TruthHead, finishMs: ReadonlyMap<number, number>): ComparableEvent[] {
    const events: ComparableEvent[] = [];
    const kiteKm = (this.lengthMeters - FLAMME_ROUGE_METERS) / 1_000;
    if (!this.flammeRouge && truth.km.some((km) => km >= kiteKm)) {
      this.flammeRouge = true;
      events.push({ kind: 'flamme-rouge', tMs: Math.round(head.passageMs(kiteKm)), bibs: [] });
    }
    const bonuses = finishBonuses(this.finishOrder, this.finishBonusSeconds);
    const progress: StageProgress[] = [];
    this.bibs.forEach((bib, i) => {
      const gapSeconds = this.gapSeconds(i, bib, truth, head, finishMs);
      if (gapSeconds !== undefined) progress.push({ bib, gapSeconds, bonusSeconds: bonuses.get(bib) ?? 0 });
    });
    const gc = virtualGc(this.gcBefore, progress);
    const core = { tMs: truth.t, virtualGc: gc, virtualYellowBib: gc[0]?.bib ?? null } as unknown as SnapshotCore;
    const before = this.leader;
    this.leader = advanceLeader(before, core);
    if (this.leader.changes > before.changes && this.leader.bib !== null) {
      events.push({
        kind: 'virtual-leader',
        tMs: truth.t,
        bibs: before.bib === null ? [this.leader.bib] : [this.leader.bib, before.bib],
      });
    }
    return events;
  }

  /** A rider's true gap for the virtual GC: on the road, or on the clock in a time trial. */
  private gapSeconds(
    index: number,
    bib: number,
    truth: TruthSecond,
    head: TruthHead,
    finishMs: ReadonlyMap<number, number>,
  ): number | undefined {
    if (this.clock !== undefined) {
      const gap = this.clock.latestGapSeconds(index);
      return gap === undefined && this.gcBefore.length > 0 ? 0 : gap;
    }
    const finish = finishMs.get(bib);
    if (finish !== undefined) return head.gapSeconds(this.lengthMeters / 1_000, finish);
    return head.gapSeconds(truth.km[index] ?? 0, truth.t);
  }
}
