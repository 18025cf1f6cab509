import { beforeAll, describe, expect, it } from 'vitest';
import type { TruthEvent } from '../../../sim/ground-truth';
import { simulateStage, type SimulationTick } from '../../../sim/simulate-stage';
import { runSimulation, stage2022, type RunResult } from './stage-fixtures';

type EventOf<T extends TruthEvent['type']> = Extract<TruthEvent, { type: T }>;

function eventsOf<T extends TruthEvent['type']>(run: RunResult, type: T): EventOf<T>[] {
  return run.events.filter((e): e is EventOf<T> => e.type === type);
}

/** Keeps every 60th tick, and every tick within 10 minutes of a crash. */
function everyMinuteAndAfterCrashes(): (tick: SimulationTick) => boolean {
  let crashAt = -Infinity;
  return (tick) => {
    if (tick.events.some((e) => e.type === 'crash')) crashAt = tick.second;
    return tick.second % 60 === 0 || tick.second - crashAt <= 600;
  };
}

describe('simulateStage on 2022 stage 7 (summit finish at La Super Planche des Belles Filles)', () => {
  let run: RunResult;

  beforeAll(() => {
    run = runSimulation(simulateStage(stage2022(7), { seed: 42, telemetry: false }), everyMinuteAndAfterCrashes());
  });

  it('forms one early breakaway of 2 to 8 riders within the first 35 km', () => {
    const formed = eventsOf(run, 'breakaway-formed');

    expect(formed).toHaveLength(1);
    expect(formed[0]?.bibs.length).toBeGreaterThanOrEqual(2);
    expect(formed[0]?.bibs.length).toBeLessThanOrEqual(8);
    expect(formed[0]?.km).toBeLessThan(35);
  });

  it('either catches every breakaway rider or lets the breakaway win, as the summary says', () => {
    const breakaway = new Set(eventsOf(run, 'breakaway-formed')[0]?.bibs);
    const caught = new Set(eventsOf(run, 'caught').flatMap((e) => e.bibs));

    const winner = run.summary.finish[0]?.bib ?? -1;

    expect(run.summary.breakawaySucceeded).toBe(breakaway.has(winner) && !caught.has(winner));
  });

  it('splits the field on the final climb: more groups at the summit than an hour into the stage', () => {
    const groupsAt = (second: number): number => run.ticks.find((t) => t.second === second)?.truth.groups.length ?? 0;
    const lastRacingSecond = Math.max(...run.ticks.filter((t) => t.truth.groups.length > 0).map((t) => t.second));

    const early = groupsAt(3_600);
    const late = groupsAt(lastRacingSecond - (lastRacingSecond % 60) - 1_800);

    expect(late).toBeGreaterThan(early + 3);
  });

  it('launches attacks only in the last 60 km, by riders who then lead their own group', () => {
    const attacks = eventsOf(run, 'attack');
    const lengthKm = stage2022(7).route.lengthMeters / 1_000;

    const early = attacks.filter((a) => a.km < lengthKm - 60);

    expect(attacks.length).toBeGreaterThan(0);
    expect(early).toEqual([]);
  });

  it('stops crashed riders for their stop time: speed 0 and no group', () => {
    const crash = eventsOf(run, 'crash')[0];
    const bibs = stage2022(7).tour.riders.map((r) => r.bib);
    const crashSecond = ((crash?.t ?? 0) - (run.ticks[0]?.t ?? 0)) / 1_000;

    const down = run.ticks.filter(
      (t) => t.second > crashSecond && t.second < crashSecond + Math.min(...(crash?.stopSeconds ?? [0])),
    );

    expect(down.length).toBeGreaterThan(10);
    for (const tick of down) {
      for (const bib of crash?.bibs ?? []) {
        expect(tick.truth.speedKmh[bibs.indexOf(bib)]).toBe(0);
        expect(tick.truth.group[bibs.indexOf(bib)]).toBe(-1);
      }
    }
  });

  it('changes the bike of the rider with a mechanical: device swap from TRK-<bib>-A to TRK-<bib>-B', () => {
    const mechanical = eventsOf(run, 'mechanical')[0];

    const swap = eventsOf(run, 'device-swap')[0];

    expect(swap).toMatchObject({
      bib: mechanical?.bib,
      fromDevice: `TRK-${mechanical?.bib}-A`,
      toDevice: `TRK-${mechanical?.bib}-B`,
    });
  });

  it('records the order of every rider at the intermediate sprint and each KOM summit, in time order', () => {
    const passages = eventsOf(run, 'passage');

    expect(passages.map((p) => p.kind).sort()).toEqual(['kom', 'kom', 'kom', 'sprint']);
    for (const passage of passages) {
      expect(passage.order).toHaveLength(135);
      expect(passage.order.map((o) => o.t)).toEqual([...passage.order.map((o) => o.t)].sort((a, b) => a - b));
    }
  });

  it('finishes all 135 riders, ranked by time, with finish events in crossing order', () => {
    const finishes = eventsOf(run, 'finish');

    const times = run.summary.finish.map((f) => f.timeSeconds);

    expect(run.summary.finish).toHaveLength(135);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(finishes.map((f) => f.order)).toEqual(finishes.map((_, i) => i + 1));
  });
});

describe('simulateStage on 2022 stage 12 (three HC climbs to Alpe d’Huez)', () => {
  it('forms a grupetto of at least 8 dropped riders', () => {
    const run = runSimulation(simulateStage(stage2022(12), { seed: 42, telemetry: false }));

    const grupettos = eventsOf(run, 'grupetto-formed');

    expect(grupettos.length).toBeGreaterThan(0);
    expect(Math.min(...grupettos.map((g) => g.bibs.length))).toBeGreaterThanOrEqual(8);
  });
});

describe('simulateStage on 2022 stage 21 (Paris, Champs-Élysées circuit)', () => {
  it('records each of the 8 passages of the finish line before the last lap', () => {
    const run = runSimulation(simulateStage(stage2022(21), { seed: 42, telemetry: false }));

    const laps = eventsOf(run, 'passage').filter((p) => p.kind === 'lap');

    expect(laps).toHaveLength(8);
    expect(laps.every((l) => l.order.length === 135)).toBe(true);
  });
});

describe('simulateStage on 2022 stage 1 (Copenhagen individual time trial)', () => {
  it('starts riders a minute apart and never lets two share a group (no drafting)', () => {
    const run = runSimulation(simulateStage(stage2022(1), { seed: 42, telemetry: false }), (t) => t.second % 30 === 0);

    const starts = run.summary.finish.map((f) => f.t / 1_000 - f.timeSeconds).sort((a, b) => a - b);
    const gaps = starts.slice(1).map((s, i) => Math.round(s - (starts[i] ?? 0)));

    expect(new Set(gaps)).toEqual(new Set([60]));
    expect(run.ticks.every((t) => t.truth.groups.every(([, kind, size]) => kind === 'solo' && size === 1))).toBe(true);
  });
});
