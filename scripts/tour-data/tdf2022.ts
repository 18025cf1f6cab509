import { join } from 'node:path';
import type { RiderConfig, StageConfig, TourConfig } from '../../core/tour-config/schema';
import type { RouteFilePoint } from '../../core/tour-config/route-file';
import {
  deviceAssignments,
  finishBonusSeconds,
  isoDate,
  raceVehicles,
  readCsv,
  ROUTE_CREDIT,
  schedule,
  titleCase,
  tourStartIso,
  TYPICAL_SPEED_KMH,
} from './common';
import { deriveClimbs } from './derive-climbs';
import type { RouteProfile } from './route-profile';

/** Start towns of 2022 outside France (all others are French): their time zones. */
const NON_FRENCH_STARTS: Record<string, string> = {
  Copenhague: 'Europe/Copenhagen',
  Roskilde: 'Europe/Copenhagen',
  Vejle: 'Europe/Copenhagen',
  Binche: 'Europe/Brussels',
  Aigle: 'Europe/Zurich',
};

/** Riders that started 2022 stage 20 (the data lists only the 135 finishers; 138 started). */
const TEAMS_OF_EIGHT = 22 * 8;

export interface BuiltTour {
  readonly config: TourConfig;
  readonly routes: ReadonlyMap<string, RouteFilePoint[]>;
}

/**
 * The 2022 Tour: real routes for all 21 stages, stage metadata, the 135 finishers (the only riders in the data),
 * stage winners. Stage type, climbs, sprint position and start times are derived by documented rules.
 */
export function buildTdf2022(
  dataDir: string,
  cleanedRoutes: ReadonlyMap<number, RouteFilePoint[]>,
  profileOf: (points: RouteFilePoint[]) => RouteProfile,
): BuiltTour {
  const dir = join(dataDir, 'tdf2022');
  const meta = readCsv(join(dir, 'stages_metadata_geodata.csv'), ';');
  const gc = readCsv(join(dir, 'final_gc_letourdataset.csv'));
  const winners = stageWinners(readCsv(join(dir, 'stage_winners_jerseys_letourdataset.csv')));

  const riders: RiderConfig[] = gc
    .map((row) => ({
      bib: Number(row['Rider No.']),
      name: titleCase(row.Rider!),
      team: titleCase(row.Team!),
      nationality: null,
    }))
    .sort((a, b) => a.bib - b.bib);
  const teams = [...new Set(riders.map((r) => r.team))].sort();
  const vehicles = raceVehicles(teams);

  const routes = new Map<string, RouteFilePoint[]>();
  const stages: StageConfig[] = meta.map((row) => {
    const number = Number(row.numero);
    const file = `tdf2022/routes/stage-${String(number).padStart(2, '0')}.geojson`;
    const points = cleanedRoutes.get(number);
    if (!points) throw new Error(`no route for 2022 stage ${number}`);
    routes.set(file, points);
    const profile = profileOf(points);
    const distanceKm = Number(row.long);
    const climbs = deriveClimbs(profile.lengthMeters, profile.altitudeAt);
    const type = stageType(row.type!, Number(row.denivele) / distanceKm, climbs, distanceKm);
    const starters = type === 'itt' && number > 1 ? riders.length : TEAMS_OF_EIGHT;
    const winnerSeconds = (distanceKm / TYPICAL_SPEED_KMH[type]) * 3600;
    return {
      number,
      date: isoDate(row.date!),
      ...schedule(type, winnerSeconds, starters),
      timeZone: NON_FRENCH_STARTS[row.depart!] ?? 'Europe/Paris',
      type,
      start: row.depart!,
      finish: row.arrivee!,
      distanceKm,
      route: file,
      sprints: type === 'itt' ? [] : [estimatedSprint(distanceKm)],
      climbs,
      finishBonusSeconds: finishBonusSeconds(type),
      ...(winners.get(number) ? { winner: winners.get(number)! } : {}),
      notes: [
        'type: from the source type code and elevation gain per km (flat < 10 m/km <= hilly < 18 m/km <= mountain, or a category 2, 1 or HC summit finish)',
        'startLocalTime and expectedDurationMinutes: estimated (no official times in the data), see scripts/tour-data/common.ts',
        'climbs and sprint: estimated from the route profile (no road book in the data)',
      ],
    };
  });

  return {
    config: {
      id: 'tdf2022',
      name: 'Tour de France 2022',
      edition: 109,
      year: 2022,
      regions: { primary: 'eu-west-3', backup: 'eu-central-1' },
      history: { store: 'none' },
      capacity: {
        ridersExpected: TEAMS_OF_EIGHT,
        vehiclesExpected: vehicles.length,
        fixRateHz: 1,
        headroomFactor: 3,
        streamMode: 'on-demand',
        raceShards: 2,
        idleShards: 1,
        warmUpMinutes: 45,
        releaseAfterMinutes: 30,
      },
      // No public lag: the local rehearsal measures freshness on the fans' own endpoints.
      api: { publicLagSeconds: 0, publicCoordinateDecimals: 4 },
      stages,
      riders,
      vehicles,
      devices: deviceAssignments(riders, vehicles, tourStartIso(stages[0]!.date)),
      gcBeforeStage: [],
      sources: [
        ROUTE_CREDIT,
        'Stage metadata: florentfgrs/tour_de_france_geodata (ODbL)',
        'Riders (finishers only) and stage winners: thomascamminady/LeTourDataSet (MIT)',
      ],
    },
    routes,
  };
}

function stageType(
  code: string,
  gainPerKm: number,
  climbs: StageConfig['climbs'],
  distanceKm: number,
): StageConfig['type'] {
  if (code === '2') return 'itt';
  if (code === '3') return 'ttt';
  const last = climbs[climbs.length - 1];
  const summitFinish = last !== undefined && distanceKm - last.summitKm < 1 && ['HC', '1', '2'].includes(last.category);
  if (summitFinish || gainPerKm >= 18) return 'mountain';
  return gainPerKm >= 10 ? 'hilly' : 'flat';
}

/** One intermediate sprint per road stage, placed at 55% of the distance: the data has no road book. */
function estimatedSprint(distanceKm: number): StageConfig['sprints'][number] {
  return {
    name: 'Intermediate sprint (estimated position)',
    km: Math.round(distanceKm * 0.55 * 10) / 10,
    bonusSeconds: [],
    estimated: true,
  };
}

/** Stage number → winner's name; the source repeats stage 1 with "Transfert" rows, which are skipped. */
function stageWinners(rows: Record<string, string>[]): Map<number, string> {
  const winners = new Map<number, string>();
  for (const row of rows) {
    const stage = Number(row.Stages);
    if (row.Start === 'Transfert' || winners.has(stage)) continue;
    winners.set(stage, row['Winner of stage']!.replace(/\s*\(.*\)\s*$/, '').trim());
  }
  return winners;
}
