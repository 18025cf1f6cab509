/**
 * Builds config/tours/* from the real race data in ../shared/data (see its SOURCES.md), so that the tour configs
 * are reproducible and never hand-edited:  npm run build:tours [-- --data DIR] [-- --check]
 * With --check it writes nothing and exits 1 when the committed files differ from what the data gives.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { prepareRoute, profileAtDistance } from '../core/race';
import { DEFAULT_CONFIG_ROOT, loadTourConfig } from '../core/tour-config/load';
import type { RouteFilePoint } from '../core/tour-config/route-file';
import { cleanRoute, type CleaningReport } from './tour-data/clean-route';
import type { RouteProfile } from './tour-data/route-profile';
import { buildTdf2017 } from './tour-data/tdf2017';
import { buildTdf2022 } from './tour-data/tdf2022';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: resolve(process.cwd(), '../shared/data') },
    check: { type: 'boolean', default: false },
  },
});
const dataDir = resolve(values.data!);
if (!existsSync(join(dataDir, 'SOURCES.md'))) {
  console.error(`build-tours: no race data at ${dataDir} (expected SOURCES.md there); pass --data DIR`);
  process.exit(2);
}

const ROUTE_PROPERTIES = {
  source: 'florentfgrs/tour_de_france_geodata, data/2022 (commit daffed0c99a94e6b2788286e60259fe97f381576)',
  licence: 'ODbL 1.0: Open Database License; contains information from tour_de_france_geodata',
  processing:
    'consecutive duplicates removed, negative elevation runs interpolated, simplified within 2 m (plan) and 1 m (profile)',
};

const cleaned = new Map<number, RouteFilePoint[]>();
const reports: [number, CleaningReport][] = [];
for (let stage = 1; stage <= 21; stage++) {
  const file = join(dataDir, 'tdf2022/routes', `stage-${String(stage).padStart(2, '0')}.geojson`);
  const source = JSON.parse(readFileSync(file, 'utf8')) as { features: { geometry: { coordinates: number[][][] } }[] };
  const { points, report } = cleanRoute(source.features[0]!.geometry.coordinates[0]!);
  cleaned.set(stage, points);
  reports.push([stage, report]);
}

const profileOf = (points: RouteFilePoint[]): RouteProfile => {
  const route = prepareRoute(points);
  return { lengthMeters: route.lengthMeters, altitudeAt: (d) => profileAtDistance(route, d).altitudeMeters };
};
const tdf2022 = buildTdf2022(dataDir, cleaned, profileOf);
const tdf2017 = buildTdf2017(dataDir);

const outputs = new Map<string, string>([
  ['tdf2022.json', pretty(tdf2022.config)],
  ['tdf2017.json', pretty(tdf2017.config)],
  ['tdf2017/results.json', JSON.stringify(tdf2017.results) + '\n'],
]);
for (const [file, points] of tdf2022.routes) {
  const stage = Number(/stage-(\d+)/.exec(file)![1]);
  const feature = {
    type: 'Feature',
    properties: { tour: 'tdf2022', stage, ...ROUTE_PROPERTIES },
    geometry: { type: 'LineString', coordinates: points },
  };
  outputs.set(file, JSON.stringify(feature) + '\n');
}

const stale: string[] = [];
for (const [file, text] of outputs) {
  const path = join(DEFAULT_CONFIG_ROOT, file);
  const current = existsSync(path) ? readFileSync(path, 'utf8') : null;
  if (current === text) continue;
  stale.push(file);
  if (!values.check) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
}
if (values.check) {
  console.log(stale.length ? `stale: ${stale.join(', ')}` : `all ${outputs.size} files match the data`);
  process.exit(stale.length ? 1 : 0);
}
for (const id of ['tdf2022', 'tdf2017']) loadTourConfig(id);
for (const [stage, r] of reports) {
  console.log(
    `2022 stage ${stage}: ${r.pointsIn} points → ${r.pointsOut} (${r.duplicatesRemoved} duplicates, ${r.negativeElevationPoints} negative elevations in ${r.negativeElevationRuns} runs)`,
  );
}
console.log(`wrote ${stale.length} of ${outputs.size} files under ${DEFAULT_CONFIG_ROOT}; both configs validate`);

function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
