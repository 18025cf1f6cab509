import { afterEach, describe, expect, it } from 'vitest';
import { loadTourConfig, TourConfigError } from '../../../../core/tour-config/load';
import { validTourJson, writeTourFixture } from '../../../helpers/tour-config';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function load(config: object, options?: Parameters<typeof writeTourFixture>[1]) {
  const fixture = writeTourFixture(config, options);
  cleanups.push(fixture.cleanup);
  return { run: () => loadTourConfig(fixture.file), file: fixture.file };
}

function errorOf(run: () => unknown): TourConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof TourConfigError) return error;
    throw error;
  }
  throw new Error('expected a TourConfigError, but the config loaded');
}

describe('loadTourConfig', () => {
  it('loads a valid config and applies defaults', () => {
    const { run } = load(validTourJson());

    const tour = run();

    expect(tour.config.stages[0]!.sprints[0]).toEqual({ name: 'Sprint', km: 0.6, bonusSeconds: [], estimated: false });
    expect(tour.config.gcBeforeStage).toEqual([]);
  });

  it('names the file, the stage route path and the missing file when a route file is missing', () => {
    const { run, file } = load(validTourJson(), { withRoute: false });

    const error = errorOf(run);

    expect(error.message).toContain('test-tour.json');
    expect(error.file).toBe(file);
    expect(error.message).toMatch(/stages\[0\]\.route: route file not found: .*routes\/stage-01\.geojson/);
  });

  it('rejects a device mapped to a rider who is not in the start list', () => {
    const config = validTourJson();
    config.devices.push({
      device: 'TRK-99-A',
      owner: { kind: 'rider', bib: 99 },
      validFrom: '2022-06-30T00:00:00Z',
      validTo: null,
    });

    const error = errorOf(load(config).run);

    expect(error.message).toContain('devices[3].owner.bib: device TRK-99-A names unknown rider bib 99 (not in riders)');
  });

  it('rejects a device assigned twice over overlapping time ranges', () => {
    const config = validTourJson();
    config.devices[0].validTo = '2022-07-05T00:00:00Z';
    config.devices.push({
      device: 'TRK-1-A',
      owner: { kind: 'rider', bib: 2 },
      validFrom: '2022-07-04T00:00:00Z',
      validTo: null,
    });

    const error = errorOf(load(config).run);

    expect(error.issues).toHaveLength(1);
    expect(error.message).toContain(
      'devices[3].validFrom: device TRK-1-A is already assigned until 2022-07-05T00:00:00Z by devices[0]: assignment ranges overlap',
    );
  });

  it('accepts a device handed from one rider to another when the ranges do not overlap', () => {
    const config = validTourJson();
    config.devices[0].validTo = '2022-07-05T00:00:00Z';
    config.devices.push({
      device: 'TRK-1-A',
      owner: { kind: 'rider', bib: 2 },
      validFrom: '2022-07-05T00:00:00Z',
      validTo: null,
    });

    const tour = load(config).run();

    expect(tour.config.devices.filter((d) => d.device === 'TRK-1-A')).toHaveLength(2);
  });

  it('rejects an unknown time zone with the value it received', () => {
    const config = validTourJson();
    config.stages[0].timeZone = 'Europe/Pariss';

    const error = errorOf(load(config).run);

    expect(error.message).toContain('stages[0].timeZone: unknown IANA time zone "Europe/Pariss"');
  });

  it.each([
    [
      'an assignment that ends before it starts',
      (c: any) => (c.devices[1].validTo = '2022-06-01T00:00:00Z'),
      'devices[1].validTo: must be after validFrom',
    ],
    [
      'a device owned by an unknown vehicle',
      (c: any) => (c.devices[2].owner.id = 'BROOM'),
      'devices[2].owner.id: device TRK-RED-FLAG names unknown vehicle "BROOM"',
    ],
    ['a duplicate bib', (c: any) => (c.riders[1].bib = 1), 'riders[1].bib: duplicate bib 1 (first at riders[0])'],
    [
      'the same primary and backup region',
      (c: any) => (c.regions.backup = 'eu-west-3'),
      'regions.backup: must differ from the primary region',
    ],
    [
      'a sprint beyond the finish',
      (c: any) => (c.stages[0].sprints[0].km = 5),
      'stages[0].sprints[0].km: 5 km is beyond the stage',
    ],
    ['an unknown stage type', (c: any) => (c.stages[0].type = 'cobbles'), 'stages[0].type:'],
    [
      'a start time that is not HH:MM',
      (c: any) => (c.stages[0].startLocalTime = '1pm'),
      'stages[0].startLocalTime: must be HH:MM (24 h)',
    ],
    ['a misspelt field', (c: any) => (c.stages[0].distanceKms = 3), 'stages[0]: Unrecognized key: "distanceKms"'],
    ['an unknown history store', (c: any) => (c.history.store = 'influx'), 'history.store:'],
    [
      'a GC time for a rider not in the start list',
      (c: any) => (c.gcBeforeStage = [{ stage: 1, source: 'x', standings: [{ bib: 7, seconds: 0 }] }]),
      'gcBeforeStage[0].standings[0].bib: unknown rider bib 7',
    ],
  ])('rejects %s with its own message', (_name, mutate, expected) => {
    const config = validTourJson();
    mutate(config);

    const error = errorOf(load(config).run);

    expect(error.message).toContain(expected);
  });

  it('reports a file that is not JSON', () => {
    const error = errorOf(load({}, { raw: '{ "id": ' }).run);

    expect(error.message).toMatch(/test-tour\.json:\n {2}- \(file\): not valid JSON/);
  });

  it('lists the known tours when asked for one that does not exist', () => {
    const error = errorOf(() => loadTourConfig('tdf1903'));

    expect(error.message).toMatch(/no such tour config \(known tours: .*tdf2022/);
  });
});
