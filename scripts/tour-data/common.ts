import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import {
  isTimeTrial,
  type RiderConfig,
  type StageConfig,
  type TourConfig,
  type VehicleConfig,
} from '../../core/tour-config/schema';

/** Rows of a CSV file as objects keyed by the header; `;`- and CRLF-separated files too. */
export function readCsv(file: string, delimiter = ','): Record<string, string>[] {
  return parse(readFileSync(file, 'utf8'), { columns: true, delimiter, skip_empty_lines: true, trim: true, bom: true });
}

/** "VAN AVERMAET" → "Van Avermaet", "O'CONNOR" → "O'Connor": the sources shout names in capitals. */
export function titleCase(text: string): string {
  return text
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/(^|[\s'’-])(\p{L})/gu, (_m, sep: string, letter: string) => sep + letter.toUpperCase())
    .trim();
}

/** The finish the organisers plan for television, local time; start times are not in the data (SOURCES.md). */
const PLANNED_LAST_FINISH_MINUTES = 17 * 60 + 30;
/** Time trials start riders at this interval, minutes (the usual spacing in the race's regulations). */
const TIME_TRIAL_START_INTERVAL_MINUTES = 1;
/** Stragglers (the grupetto) reach the finish this long after the winner on a road stage, minutes. */
const ROAD_STAGE_TAIL_MINUTES = 30;

/** Winner's average speed by stage type, km/h, for editions without stage times (2022 road-stage averages). */
export const TYPICAL_SPEED_KMH: Record<StageConfig['type'], number> = {
  flat: 43,
  hilly: 41,
  mountain: 37,
  itt: 50,
  ttt: 55,
};

/**
 * Expected duration (official start to last finisher) and local start time, by a documented rule:
 * road stages: winner's time + 30 min; time trials: riders × 1 min + winner's time; the last finisher is planned
 * for 17:30 local, and the start is rounded down to 5 minutes.
 */
export function schedule(
  type: StageConfig['type'],
  winnerSeconds: number,
  riders: number,
): { startLocalTime: string; expectedDurationMinutes: number } {
  const winnerMinutes = Math.ceil(winnerSeconds / 60);
  const expectedDurationMinutes = isTimeTrial({ type })
    ? riders * TIME_TRIAL_START_INTERVAL_MINUTES + winnerMinutes
    : winnerMinutes + ROAD_STAGE_TAIL_MINUTES;
  const startMinutes = Math.floor((PLANNED_LAST_FINISH_MINUTES - expectedDurationMinutes) / 5) * 5;
  const clamped = Math.max(startMinutes, 9 * 60);
  const hh = String(Math.floor(clamped / 60)).padStart(2, '0');
  const mm = String(clamped % 60).padStart(2, '0');
  return { startLocalTime: `${hh}:${mm}`, expectedDurationMinutes };
}

/** Finish-line bonus seconds on road stages (10, 6, 4 to the first three); none in time trials. */
export function finishBonusSeconds(type: StageConfig['type']): number[] {
  return isTimeTrial({ type }) ? [] : [10, 6, 4];
}

/** "DD/MM/YYYY" → "YYYY-MM-DD". */
export function isoDate(dayMonthYear: string): string {
  const [d, m, y] = dayMonthYear.split('/');
  return `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
}

/** Short upper-case code for a team without one in the data: initials of its words. */
export function teamCode(team: string): string {
  const words = team
    .toUpperCase()
    .replace(/[^A-Z0-9 ]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  return words.length === 1
    ? words[0]!.slice(0, 4)
    : words
        .map((w) => w[0])
        .join('')
        .slice(0, 5);
}

/**
 * The race convoy that carries trackers: the red-flag car (race director), the broom wagon, neutral service,
 * motorbikes (TV, commissaires, information and the time-gap board), and one tracked car per team.
 */
export function raceVehicles(teams: readonly string[]): VehicleConfig[] {
  const fixed: VehicleConfig[] = [
    { id: 'RED-FLAG', kind: 'red-flag-car', label: 'Red flag car (race director)' },
    { id: 'BROOM', kind: 'broom-wagon', label: 'Broom wagon' },
    ...[1, 2, 3].map((n): VehicleConfig => ({
      id: `NEUTRAL-${n}`,
      kind: 'neutral-service',
      label: `Neutral service car ${n}`,
    })),
    ...[1, 2, 3, 4].map((n): VehicleConfig => ({ id: `MOTO-TV-${n}`, kind: 'motorbike', label: `TV motorbike ${n}` })),
    ...[1, 2].map((n): VehicleConfig => ({
      id: `MOTO-COMM-${n}`,
      kind: 'motorbike',
      label: `Commissaire motorbike ${n}`,
    })),
    { id: 'MOTO-INFO', kind: 'motorbike', label: 'Race information motorbike' },
    { id: 'MOTO-BOARD', kind: 'motorbike', label: 'Time-gap board motorbike' },
  ];
  const used = new Set<string>();
  const teamCars = teams.map((team): VehicleConfig => {
    let id = `CAR-${teamCode(team)}`;
    for (let n = 2; used.has(id); n++) id = `CAR-${teamCode(team)}${n}`;
    used.add(id);
    return { id, kind: 'team-car', label: `Team car: ${team}`, team };
  });
  return [...fixed, ...teamCars];
}

/**
 * Tracker assignments: each rider has a tracker on the race bike (A) and on the spare bike on the team car (B),
 * from the start of the tour until the rider leaves the race (if known); each vehicle has one tracker.
 */
export function deviceAssignments(
  riders: readonly RiderConfig[],
  vehicles: readonly VehicleConfig[],
  tourStartIso: string,
  leftRaceIso: ReadonlyMap<number, string> = new Map(),
): TourConfig['devices'] {
  const forRiders = riders.flatMap((r) =>
    ['A', 'B'].map((bike) => ({
      device: `TRK-${r.bib}-${bike}`,
      owner: { kind: 'rider' as const, bib: r.bib },
      validFrom: tourStartIso,
      validTo: leftRaceIso.get(r.bib) ?? null,
    })),
  );
  const forVehicles = vehicles.map((v) => ({
    device: `TRK-${v.id}`,
    owner: { kind: 'vehicle' as const, id: v.id },
    validFrom: tourStartIso,
    validTo: null,
  }));
  return [...forRiders, ...forVehicles];
}

/** Midnight UTC of the day before the first stage: trackers are fitted before the first start. */
export function tourStartIso(firstStageDate: string): string {
  const d = new Date(`${firstStageDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString();
}

/** The credits that every generated config carries; docs/data-sources.md has the full table. */
export const ROUTE_CREDIT =
  'Stage routes: florentfgrs/tour_de_france_geodata (ODbL), cleaned and simplified by scripts/build-tours.ts';
