import { beforeAll, describe, expect, it } from 'vitest';
import {
  applyFixes,
  buildDeviceDirectory,
  buildSnapshot,
  createRaceState,
  deviceAssignmentsFromConfig,
  passageLinesOf,
  raceEvents,
  type RaceEvent,
  type StageSnapshot,
} from '../../../../../core/race/index';
import { raceFixesOf } from '../../../../../core/wire/decode-record';
import type { TruthEvent } from '../../../../../sim/ground-truth';
import { simulateStage } from '../../../../../sim/simulate-stage';
import { stage2022 } from '../../../sim/stage-fixtures';

// Seed 274 puts 2022 stage 3's mechanical (a bike change) at km 9.2 and the breakaway at km 11.2: both fit in 25 min.
const SEED = 274;
const SECONDS = 1_500;
const SNAPSHOT_EVERY_SECONDS = 2;

let engine: RaceEvent[];
let truth: TruthEvent[];

beforeAll(() => {
  const input = stage2022(3);
  const simulation = simulateStage(input, { seed: SEED, maxSeconds: SECONDS, riderLimit: 80 });
  const context = {
    route: input.route,
    directory: buildDeviceDirectory(deviceAssignmentsFromConfig(input.tour.devices)),
  };
  const lines = passageLinesOf(input.stage, input.route.lengthMeters);
  let state = createRaceState(input.route);
  let previous: StageSnapshot | undefined;
  engine = [];
  truth = [];
  for (const tick of simulation.ticks) {
    state = applyFixes(state, tick.frames.flatMap(raceFixesOf), context).state;
    truth.push(...tick.events);
    if (tick.second % SNAPSHOT_EVERY_SECONDS !== 0) continue;
    const snapshot = buildSnapshot({
      stage: 3,
      routeLengthMeters: input.route.lengthMeters,
      state,
      nowMs: tick.t,
      route: input.route,
      lines,
      previous,
    });
    engine.push(...raceEvents(previous, snapshot));
    previous = snapshot;
  }
}, 60_000);

describe('race events on a simulated stage (against the simulator truth)', () => {
  it('reports the breakaway once, with its riders, within 3 minutes of its forming', () => {
    const formed = truth.find((e) => e.type === 'breakaway-formed');
    const reported = engine.filter((e) => e.kind === 'breakaway-formed');

    expect(formed?.type).toBe('breakaway-formed');
    expect(reported).toHaveLength(1);
    expect(reported[0]!.tMs - formed!.t).toBeGreaterThanOrEqual(0);
    expect(reported[0]!.tMs - formed!.t).toBeLessThanOrEqual(180_000);
    expect(reported[0]!.bibs).toEqual([...(formed as { bibs: readonly number[] }).bibs].sort((a, b) => a - b));
    expect(engine.filter((e) => e.kind === 'catch')).toEqual([]);
  });

  it('reports the mechanical as one bike change of the right rider, and no stop of anyone else', () => {
    const mechanical = truth.find((e) => e.type === 'mechanical');
    const bib = mechanical?.type === 'mechanical' ? mechanical.bib : -1;
    const changes = engine.filter((e) => e.kind === 'bike-change');

    expect(changes.map((e) => e.bibs)).toEqual([[bib]]);
    expect(changes[0]!.tMs - (mechanical?.t ?? 0)).toBeLessThanOrEqual(60_000);
    // The bike change itself may be too short (15-40 s, the tracker swapping mid-stop) to count as a stop.
    const stops = engine.filter((e) => e.kind === 'rider-stopped' || e.kind === 'crash');
    expect(stops.every((e) => e.bibs.length === 1 && e.bibs[0] === bib)).toBe(true);
  });

  it('numbers every event once', () => {
    expect(new Set(engine.map((e) => e.id)).size).toBe(engine.length);
  });
});
