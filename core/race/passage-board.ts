/**
 * The three earliest crossings of each head-of-race mark, updated copy-on-write inside one `applyFixes` call: a
 * mark only changes when one of the first three riders crosses it, so most 1 s batches copy none of the arrays.
 * @see DESIGN.md §3 (time gaps), head-passages.ts (how the three are read)
 */

/** The three crossing arrays as a state stores them: per mark, epoch ms, NaN until crossed. */
export interface PassageArrays {
  readonly earliest: readonly number[];
  readonly second: readonly number[];
  readonly third: readonly number[];
}

/** Writable view of `PassageArrays` for one `applyFixes` call; each array is copied on its first change. */
export class PassageBoard {
  private earliest: number[];
  private second: number[];
  private third: number[];
  private copied = [false, false, false];

  constructor(
    private readonly base: PassageArrays,
    readonly stepMeters: number,
  ) {
    this.earliest = base.earliest as number[];
    this.second = base.second as number[];
    this.third = base.third as number[];
  }

  /** The arrays now: the input's own arrays when nothing changed. */
  arrays(): PassageArrays {
    return { earliest: this.earliest, second: this.second, third: this.third };
  }

  /**
   * Records the marks a rider crossed moving forward from (fromMeters, fromTMs) to (toMeters, toTMs), each crossing
   * time interpolated. A time equal to one already kept is the same crossing seen again and is not counted twice.
   */
  recordMove(fromMeters: number, fromTMs: number, toMeters: number, toTMs: number): void {
    if (!(toMeters > fromMeters) || !(toTMs > fromTMs)) return;
    const step = this.stepMeters;
    const first = Math.floor(fromMeters / step) + 1;
    const last = Math.min(Math.floor(toMeters / step), this.base.earliest.length - 1);
    const msPerMeter = (toTMs - fromTMs) / (toMeters - fromMeters);
    for (let k = first; k <= last; k++) this.record(k, Math.round(fromTMs + (k * step - fromMeters) * msPerMeter));
  }

  /** Records one crossing of mark k at `t` (epoch ms). */
  recordAt(k: number, t: number): void {
    if (k >= 0 && k < this.base.earliest.length) this.record(k, t);
  }

  private record(k: number, t: number): void {
    const e = this.earliest[k]!;
    const s = this.second[k]!;
    const th = this.third[k]!;
    if (t === e || t === s || t === th || th <= t) return;
    // NaN compares false: an empty slot is always taken.
    if (!(e <= t)) {
      this.write(2, k, s);
      this.write(1, k, e);
      this.write(0, k, t);
    } else if (!(s <= t)) {
      this.write(2, k, s);
      this.write(1, k, t);
    } else {
      this.write(2, k, t);
    }
  }

  private write(slot: 0 | 1 | 2, k: number, value: number): void {
    const current = slot === 0 ? this.earliest : slot === 1 ? this.second : this.third;
    if (Object.is(current[k], value)) return;
    let target = current;
    if (!this.copied[slot]) {
      target = current.slice();
      this.copied[slot] = true;
      if (slot === 0) this.earliest = target;
      else if (slot === 1) this.second = target;
      else this.third = target;
    }
    target[k] = value;
  }
}

/**
 * Merges two sets of crossings of the same marks (a stored set and a newer run's) into the three earliest distinct
 * crossings per mark: what an aggregator persisting passages across runs keeps. Order of the arguments never matters.
 */
export function mergePassages(a: PassageArrays, b: PassageArrays): PassageArrays {
  const board = new PassageBoard(a, 1);
  for (let k = 0; k < b.earliest.length; k++) {
    for (const t of [b.earliest[k]!, b.second[k]!, b.third[k]!]) if (t === t) board.recordAt(k, t);
  }
  return board.arrays();
}
