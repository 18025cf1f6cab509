import { describe, expect, it } from 'vitest';
import { streamFor } from '../../../sim/random';

describe('streamFor', () => {
  it('gives the same draws for the same seed and label', () => {
    const a = streamFor(42, 'race');
    const b = streamFor(42, 'race');

    const drawsA = Array.from({ length: 100 }, () => a.float());
    const drawsB = Array.from({ length: 100 }, () => b.float());

    expect(drawsA).toEqual(drawsB);
  });

  it('gives different draws for another label of the same seed', () => {
    const race = streamFor(42, 'race');
    const mesh = streamFor(42, 'mesh');

    const drawsRace = Array.from({ length: 10 }, () => race.float());
    const drawsMesh = Array.from({ length: 10 }, () => mesh.float());

    expect(drawsRace).not.toEqual(drawsMesh);
  });

  it('draws normals with mean 0 and standard deviation 1 within 0.02 over 100,000 draws', () => {
    const rng = streamFor(7, 'normal');

    const draws = Array.from({ length: 100_000 }, () => rng.normal());

    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    const sd = Math.sqrt(draws.reduce((s, x) => s + (x - mean) ** 2, 0) / draws.length);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(sd - 1)).toBeLessThan(0.02);
  });

  it('draws integers covering both ends of the range', () => {
    const rng = streamFor(1, 'ints');

    const draws = new Set(Array.from({ length: 1_000 }, () => rng.int(2, 8)));

    expect([...draws].sort()).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });
});
