import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { SimulationInputError } from './errors';

/** 2^-32: maps a 32-bit integer to [0, 1). */
const UNIT = 2 ** -32;

/**
 * A seeded random stream (xoroshiro128+ from pure-rand) with the few draws the simulator needs.
 * Each concern gets its own stream (`streamFor(seed, 'telemetry')`), so changing the fault profile
 * never changes the race itself, and the same seed always gives the same race.
 */
export class Rng {
  private spareNormal: number | null = null;

  constructor(private readonly generator: RandomGenerator) {}

  /** Uniform in [0, 1), 32 bits of randomness (plenty for a simulation; one generator call). */
  float(): number {
    return (this.generator.next() >>> 0) * UNIT;
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.float();
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** Standard normal (Box-Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return spare;
    }
    let u = this.float();
    while (u === 0) u = this.float();
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * this.float();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** Normal with this mean and standard deviation, clamped to [min, max]. */
  normalBetween(mean: number, sd: number, min: number, max: number): number {
    return Math.min(max, Math.max(min, mean + sd * this.normal()));
  }

  /** One element of a non-empty array. @throws SimulationInputError on an empty array */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.float() * items.length)];
    if (item === undefined) throw new SimulationInputError('pick needs a non-empty array, received 0 items');
    return item;
  }

  /** A shuffled copy (Fisher-Yates). */
  shuffled<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.float() * (i + 1));
      const a = out[i] as T;
      out[i] = out[j] as T;
      out[j] = a;
    }
    return out;
  }
}

/** An independent stream for one concern of one simulation: the seed and the label are hashed together. */
export function streamFor(seed: number, label: string): Rng {
  return new Rng(xoroshiro128plus(hashSeed(seed, label)));
}

/** FNV-1a over the seed's decimal form and the label: stable across runs and platforms. */
export function hashSeed(seed: number, label: string): number {
  const text = `${seed}:${label}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}
