import { describe, expect, it } from 'vitest';
import { loadTourConfig } from '../../../core/tour-config/load';
import { perStage, stageRoutesOf, teamOfRider, UNKNOWN_TEAM } from '../../../lambdas/shared/tour-stages';

describe('perStage', () => {
  it('builds each stage once and keeps what it built, undefined included', () => {
    const built: number[] = [];
    const of = perStage((stage) => {
      built.push(stage);
      return stage === 3 ? undefined : { stage };
    });

    const first = of(2);
    of(3);
    of(3);

    expect(of(2)).toBe(first);
    expect(built).toEqual([2, 3]);
  });
});

describe('stageRoutesOf', () => {
  it('prepares a stage route once and gives undefined for a stage without a route or not in the tour', () => {
    const routes = stageRoutesOf(loadTourConfig('tdf2022'));
    const tdf2017 = stageRoutesOf(loadTourConfig('tdf2017'));

    const route = routes(2);

    expect(route?.lengthMeters).toBeGreaterThan(100_000);
    expect(routes(2)).toBe(route);
    expect(routes(99)).toBeUndefined();
    expect(tdf2017(1)).toBeUndefined();
  });
});

describe('teamOfRider', () => {
  it("names a configured rider's team and UNKNOWN_TEAM for a bib the config does not list", () => {
    const { config } = loadTourConfig('tdf2022');
    const teamOf = teamOfRider(config);

    expect(teamOf(config.riders[0]!.bib)).toBe(config.riders[0]!.team);
    expect(teamOf(9_999)).toBe(UNKNOWN_TEAM);
    expect(UNKNOWN_TEAM).toBe('unknown');
  });
});
