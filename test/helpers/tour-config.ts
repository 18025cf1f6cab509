import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A small valid tour config (two riders, one vehicle, one stage with a route), as plain JSON to mutate in tests. */
export function validTourJson(): Record<string, any> {
  return {
    id: 'test-tour',
    name: 'Test Tour',
    edition: 1,
    year: 2022,
    regions: { primary: 'eu-west-3', backup: 'eu-central-1' },
    history: { store: 'none' },
    capacity: { ridersExpected: 2, vehiclesExpected: 1, fixRateHz: 1, headroomFactor: 3 },
    stages: [
      {
        number: 1,
        date: '2022-07-01',
        startLocalTime: '13:00',
        timeZone: 'Europe/Copenhagen',
        type: 'flat',
        start: 'A',
        finish: 'B',
        distanceKm: 1.2,
        route: 'routes/stage-01.geojson',
        expectedDurationMinutes: 60,
        sprints: [{ name: 'Sprint', km: 0.6 }],
        climbs: [],
        finishBonusSeconds: [10, 6, 4],
      },
    ],
    riders: [
      { bib: 1, name: 'Rider One', team: 'Team A', nationality: 'DEN' },
      { bib: 2, name: 'Rider Two', team: 'Team A', nationality: null },
    ],
    vehicles: [{ id: 'RED-FLAG', kind: 'red-flag-car', label: 'Red flag car' }],
    devices: [
      { device: 'TRK-1-A', owner: { kind: 'rider', bib: 1 }, validFrom: '2022-06-30T00:00:00Z', validTo: null },
      { device: 'TRK-2-A', owner: { kind: 'rider', bib: 2 }, validFrom: '2022-06-30T00:00:00Z', validTo: null },
      {
        device: 'TRK-RED-FLAG',
        owner: { kind: 'vehicle', id: 'RED-FLAG' },
        validFrom: '2022-06-30T00:00:00Z',
        validTo: null,
      },
    ],
  };
}

/** A straight 1.2 km route in Copenhagen as the repo ships routes: a GeoJSON Feature with a LineString. */
export function straightRouteFeature(): object {
  const coordinates = Array.from({ length: 13 }, (_, i) => [12.56 + i * 0.0016, 55.68, 5 + i]);
  return { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates } };
}

/** Writes a config (and its route files) into a fresh temp folder; `cleanup` removes it. */
export function writeTourFixture(
  config: object,
  options: { withRoute?: boolean; raw?: string } = {},
): { file: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tour-config-'));
  mkdirSync(join(dir, 'routes'));
  if (options.withRoute ?? true)
    writeFileSync(join(dir, 'routes/stage-01.geojson'), JSON.stringify(straightRouteFeature()));
  const file = join(dir, 'test-tour.json');
  writeFileSync(file, options.raw ?? JSON.stringify(config, null, 2));
  return { file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
