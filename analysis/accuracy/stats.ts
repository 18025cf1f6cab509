/** Small statistics helpers of the accuracy harness. */

/** Returns the p-quantile (0–1) of `values` by the nearest-rank method, or NaN when empty. Sorts a copy. */
export function quantile(values: Float64Array | readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** A growable array of doubles: millions of gap errors without boxing each one. */
export class Samples {
  private data = new Float64Array(1 << 16);
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(value: number): void {
    if (this.count === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.count++] = value;
  }

  /** Appends every value of another sample set. */
  pushAll(other: Samples): void {
    for (const v of other.values()) this.push(v);
  }

  /** The values as a typed array (a view: do not keep it across pushes). */
  values(): Float64Array {
    return this.data.subarray(0, this.count);
  }

  /** Mean of the values, or NaN when empty. */
  mean(): number {
    let sum = 0;
    for (const v of this.values()) sum += v;
    return this.count === 0 ? Number.NaN : sum / this.count;
  }
}
