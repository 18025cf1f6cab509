import { beforeAll, describe, expect, it } from 'vitest';
import { pointAtDistance } from '../../../core/race';
import type { WireFix } from '../../../core/wire/wire-frame';
import { FAULT_PROFILES, type FaultProfile } from '../../../sim/faults';
import type { TruthSecond } from '../../../sim/ground-truth';
import { simulateStage } from '../../../sim/simulate-stage';
import type { SimulationOptions } from '../../../sim/stage-setup';
import { runSimulation, stage2022, type RunResult } from './stage-fixtures';

/** Stated tolerance for rates: the count may differ from n·p by at most 4 binomial standard deviations. */
const SIGMAS = 4;

function withinBinomial(count: number, trials: number, p: number): boolean {
  return Math.abs(count - trials * p) <= SIGMAS * Math.sqrt(trials * p * (1 - p));
}

/** A run of the first 20 minutes of 2022 stage 3 with every fix the relay sent, in arrival order. */
interface Delivered {
  readonly run: RunResult;
  readonly fixes: WireFix[];
  readonly truth: Map<number, TruthSecond>;
}

function deliver(options: Partial<SimulationOptions>): Delivered {
  const run = runSimulation(simulateStage(stage2022(3), { seed: 11, maxSeconds: 1_200, ...options }), () => true);
  const fixes = run.ticks.flatMap((t) => t.frames.flatMap((f) => f.fixes));
  return { run, fixes, truth: new Map(run.ticks.map((t) => [t.truth.t, t.truth])) };
}

const key = (f: WireFix): string => `${f.device}/${f.seq}/${f.t}`;

describe('fault injection with the realistic profile', () => {
  const profile: FaultProfile = FAULT_PROFILES.realistic;
  let out: Delivered;

  beforeAll(() => {
    out = deliver({ faultProfile: 'realistic' });
  });

  it('delivers each fix sent once, plus the counted duplicates: no fix is lost or invented by the mesh', () => {
    const unique = new Set(out.fixes.map(key));

    const duplicates = out.fixes.length - unique.size;

    expect(unique.size).toBe(out.run.summary.faults.fixesSent);
    expect(duplicates).toBe(out.run.summary.faults.duplicates);
  });

  it('loses fixes at the configured random dropout rate (within 4 binomial sigmas)', () => {
    const { fixesDue, randomDropouts } = out.run.summary.faults;

    const ok = withinBinomial(randomDropouts, fixesDue, profile.dropoutRate);

    expect(ok).toBe(true);
  });

  it('shows every loss as a gap in its device’s seq numbers', () => {
    const seqs = new Map<string, number[]>();
    for (const f of new Map(out.fixes.map((f) => [key(f), f])).values())
      seqs.set(f.device, [...(seqs.get(f.device) ?? []), f.seq]);
    const { randomDropouts, burstDropouts, tunnelDropouts } = out.run.summary.faults;
    const rebooted = new Set(out.run.summary.trackerFaults.filter((f) => f.kind !== 'skew').map((f) => f.device));

    let missing = 0;
    for (const [device, list] of seqs) {
      if (rebooted.has(device)) continue;
      const sorted = list.sort((a, b) => a - b);
      missing += (sorted.at(-1) ?? 0) + 1 - sorted.length;
    }

    const losses = randomDropouts + burstDropouts + tunnelDropouts;
    expect(missing).toBeLessThanOrEqual(losses);
    expect(missing).toBeGreaterThan(0.9 * losses);
  });

  it('duplicates fixes at the configured rate (within 4 binomial sigmas)', () => {
    const duplicates = out.fixes.length - new Set(out.fixes.map(key)).size;

    const ok = withinBinomial(duplicates, out.run.summary.faults.fixesSent, profile.duplicateRate);

    expect(ok).toBe(true);
  });

  it('delivers fixes out of order (a first copy after a newer fix) at the configured rate (within 4 binomial sigmas)', () => {
    const newest = new Map<string, number>();
    const delivered = new Set<string>();
    let late = 0;
    for (const f of out.fixes) {
      if (delivered.has(key(f))) continue;
      delivered.add(key(f));
      const seen = newest.get(f.device) ?? -1;
      if (f.t < seen) late++;
      else newest.set(f.device, f.t);
    }

    const ok = withinBinomial(late, out.run.summary.faults.fixesSent, profile.reorderRate);

    expect(ok).toBe(true);
  });

  it('adds GPS noise of the configured 5 m per axis (RMS within ±10 %)', () => {
    const { route, tour } = stage2022(3);
    const riderIndex = new Map(tour.riders.map((r, i) => [`TRK-${r.bib}-A`, i]));
    const skewed = new Set(out.run.summary.trackerFaults.filter((f) => f.kind === 'skew').map((f) => f.device));
    let sumSq = 0;
    let n = 0;

    for (const f of out.fixes) {
      const index = riderIndex.get(f.device);
      const truth = out.truth.get(f.t);
      if (index === undefined || !truth || skewed.has(f.device)) continue;
      const at = pointAtDistance(route, (truth.km[index] ?? 0) * 1_000);
      sumSq += ((f.lon - at.lon) * route.kx) ** 2 + ((f.lat - at.lat) * route.ky) ** 2;
      n += 2;
    }

    const rms = Math.sqrt(sumSq / n);
    expect(n).toBeGreaterThan(100_000);
    expect(Math.abs(rms / profile.gpsNoiseMeters - 1)).toBeLessThan(0.1);
  });
});

describe('tracker failures with rates raised to 20 % so that they can be counted', () => {
  const rates = { deathRate: 0.2, rebootRate: 0.2, skewedDeviceRate: 0.2 };
  let out: Delivered;

  beforeAll(() => {
    out = deliver({ faultProfile: 'realistic', faultOverrides: rates });
  });

  it('skews the clocks of the configured share of devices, visible in the fix times (within 4 binomial sigmas)', () => {
    const startMs = out.run.ticks[0]?.t ?? 0;

    const skewed = new Set(out.fixes.filter((f) => (f.t - startMs) % 1_000 !== 0).map((f) => f.device));

    expect(withinBinomial(skewed.size, out.run.summary.faults.devices, rates.skewedDeviceRate)).toBe(true);
    expect(skewed.size).toBeLessThanOrEqual(out.run.summary.faults.skewedDevices);
  });

  it('draws deaths and reboots at the configured rates (within 4 binomial sigmas)', () => {
    const { deaths, reboots, devices } = out.run.summary.faults;

    const ok = [withinBinomial(deaths, devices, rates.deathRate), withinBinomial(reboots, devices, rates.rebootRate)];

    expect(ok).toEqual([true, true]);
  });

  it('restarts seq at 0 after each reboot that ended inside the run, and a dead tracker never reports again', () => {
    const startMs = out.run.ticks[0]?.t ?? 0;
    const lastSecond = out.run.summary.seconds - 1;
    const skew = new Map(
      out.run.summary.trackerFaults.flatMap((f) => (f.kind === 'skew' ? [[f.device, f.skewMillis]] : [])),
    );
    const secondOf = (f: WireFix): number => (f.t - (skew.get(f.device) ?? 0) - startMs) / 1_000;
    const byDevice = new Map<string, WireFix[]>();
    for (const f of out.fixes) byDevice.set(f.device, [...(byDevice.get(f.device) ?? []), f]);

    const reboots = out.run.summary.trackerFaults.filter((f) => f.kind === 'reboot' && f.untilSecond < lastSecond - 60);
    const deaths = out.run.summary.trackerFaults.filter((f) => f.kind === 'death' && f.second < lastSecond);

    expect(reboots.length + deaths.length).toBeGreaterThan(0);
    for (const reboot of reboots) {
      const after = (byDevice.get(reboot.device) ?? []).filter(
        (f) => secondOf(f) >= (reboot.kind === 'reboot' ? reboot.untilSecond : 0),
      );
      expect(Math.min(...after.map((f) => f.seq))).toBeLessThan(60);
    }
    for (const death of deaths) {
      const after = (byDevice.get(death.device) ?? []).filter(
        (f) => secondOf(f) >= (death.kind === 'death' ? death.second : 0),
      );
      expect(after).toEqual([]);
    }
  });
});
