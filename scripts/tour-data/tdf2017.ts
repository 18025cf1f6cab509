import { join } from 'node:path';
import type { RiderConfig, StageConfig, StageResults, TourConfig } from '../../core/tour-config/schema';
import {
  deviceAssignments,
  finishBonusSeconds,
  isoDate,
  raceVehicles,
  readCsv,
  schedule,
  titleCase,
  tourStartIso,
} from './common';

/** Country code in the 2017 metadata's town names → the time zone of a start there. */
const ZONE_BY_COUNTRY: Record<string, string> = {
  DEU: 'Europe/Berlin',
  BEL: 'Europe/Brussels',
  LUX: 'Europe/Luxembourg',
};

/** Dimension Data's stage ids are 193 + the stage number (Valverde crashed out on stage 1: 194). */
const DIMENSION_DATA_STAGE_OFFSET = 193;

const TYPE_BY_LABEL: Record<string, StageConfig['type']> = {
  'Flat stage': 'flat',
  'Medium mountain stage': 'hilly',
  'High mountain stage': 'mountain',
  'Individual time trial': 'itt',
  'Team time trial': 'ttt',
};

/**
 * The 2017 Tour: the real 198-rider start list, stage metadata, official stage results and the GC before each stage
 * (summed stage times). No route geometry exists for 2017 in the data, so every `route` is null.
 */
export function buildTdf2017(dataDir: string): { config: TourConfig; results: StageResults } {
  const dir = join(dataDir, 'tdf2017');
  const starters = readCsv(join(dir, 'riders_dimensiondata.csv'), ';');
  const meta = readCsv(join(dir, 'stages_metadata_geodata.csv'), ';');
  const kinds = readCsv(join(dir, 'stages_tidytuesday.csv'));
  const results = stageResults(readCsv(join(dir, 'stage_results_all_riders.csv')));

  const riders: RiderConfig[] = starters
    .map((r) => ({
      bib: Number(r.Id),
      name: `${r.FirstName} ${titleCase(r.LastName!)}`,
      team: titleCase(r.TeamName!),
      nationality: r.CountryCode!,
    }))
    .sort((a, b) => a.bib - b.bib);
  const vehicles = raceVehicles([...new Set(riders.map((r) => r.team))].sort());
  const names = new Map(riders.map((r) => [r.bib, r.name]));

  const stages: StageConfig[] = meta.map((row, i) => {
    const number = Number(row.numero);
    const type = TYPE_BY_LABEL[kinds[i]!.Type!];
    if (!type || Number(kinds[i]!.Stage) !== number)
      throw new Error(`2017 stage ${number}: no matching stage type row`);
    const stageResult = results.stages.find((s) => s.stage === number)!;
    const winner = stageResult.results.find((r) => r.rank === 1)!;
    const country = /\(([A-Z]{3})\)/.exec(row.depart!)?.[1] ?? 'FRA';
    return {
      number,
      date: isoDate(row.date!),
      ...schedule(type, winner.timeSeconds!, stageResult.results.length),
      timeZone: ZONE_BY_COUNTRY[country] ?? 'Europe/Paris',
      type,
      start: row.depart!.replace(/\s*\([A-Z]{3}\)/, ''),
      finish: row.arrivee!.replace(/\s*\([A-Z]{3}\)/, ''),
      distanceKm: Number(row.long),
      route: null,
      sprints: [],
      climbs: [],
      finishBonusSeconds: finishBonusSeconds(type),
      winner: names.get(winner.bib)!,
      winnerTimeSeconds: winner.timeSeconds!,
      notes: [
        'route: none in the data for 2017',
        'startLocalTime and expectedDurationMinutes: estimated from the winner time (no official start times in the data)',
      ],
    };
  });

  const leftRace = new Map<number, string>();
  for (const r of starters) {
    const stageNumber = Number(r.WithdrawalStageId) - DIMENSION_DATA_STAGE_OFFSET;
    const stage = stages.find((s) => s.number === stageNumber);
    if (r.IsWithdrawn === 'TRUE' && stage) leftRace.set(Number(r.Id), dayAfter(stage.date));
  }

  return {
    config: {
      id: 'tdf2017',
      name: 'Tour de France 2017',
      edition: 104,
      year: 2017,
      // Timestream for LiveAnalytics does not exist in eu-west-3 (Paris): a tour that keeps history there runs in Ireland.
      regions: { primary: 'eu-west-1', backup: 'eu-central-1' },
      history: { store: 'timestream' },
      // Provisioned shards here (on-demand in tdf2022) so that both stream modes are synthesized and tested.
      capacity: {
        ridersExpected: riders.length,
        vehiclesExpected: vehicles.length,
        fixRateHz: 1,
        headroomFactor: 3,
        streamMode: 'provisioned',
        raceShards: 2,
        idleShards: 1,
        warmUpMinutes: 45,
        releaseAfterMinutes: 30,
      },
      // A public lag for betting integrity; partner keys see real time.
      api: { publicLagSeconds: 30, publicCoordinateDecimals: 3 },
      stages,
      riders,
      vehicles,
      devices: deviceAssignments(riders, vehicles, tourStartIso(stages[0]!.date), leftRace),
      gcBeforeStage: gcBeforeEachStage(results),
      results: 'tdf2017/results.json',
      sources: [
        'Start list: everron/tour-de-france-17 (Dimension Data live-tracking feed; no licence stated)',
        'Stage results: alastairrushworth/tdf (GPL-2; data from Wikipedia)',
        'Stage metadata: florentfgrs/tour_de_france_geodata (ODbL); stage types: rfordatascience/tidytuesday (MIT)',
      ],
    },
    results,
  };
}

function stageResults(rows: Record<string, string>[]): StageResults {
  const byStage = new Map<number, StageResults['stages'][number]['results']>();
  for (const row of rows) {
    const stage = Number(row.stage);
    const rank = /^\d+$/.test(row.rank!) ? Number(row.rank) : null;
    const status = rank === null ? (row.rank as 'DNF' | 'DNS' | 'DSQ' | 'OTL') : 'finished';
    const timeSeconds = rank === null || row.elapsed_seconds === '' ? null : Number(row.elapsed_seconds);
    byStage.set(stage, [...(byStage.get(stage) ?? []), { bib: Number(row.bib_number), rank, status, timeSeconds }]);
  }
  return {
    tour: 'tdf2017',
    source: 'alastairrushworth/tdf editions.rda, edition 104 (GPL-2; data from Wikipedia): rank and elapsed stage time',
    stages: [...byStage].sort(([a], [b]) => a - b).map(([stage, results]) => ({ stage, results })),
  };
}

/** GC before stage n = sum of each rider's stage times before n, for riders who finished all of them. */
function gcBeforeEachStage(results: StageResults): TourConfig['gcBeforeStage'] {
  const totals = new Map<number, number>(results.stages[0]!.results.map((r) => [r.bib, 0]));
  const out: TourConfig['gcBeforeStage'] = [];
  for (const stage of results.stages) {
    out.push({
      stage: stage.stage,
      source: 'sum of official stage times before this stage (per-stage bonus seconds are not in the data)',
      standings: [...totals]
        .map(([bib, seconds]) => ({ bib, seconds }))
        .sort((a, b) => a.seconds - b.seconds || a.bib - b.bib),
    });
    const finishedTimes = new Map(
      stage.results.filter((r) => r.timeSeconds !== null).map((r) => [r.bib, r.timeSeconds!]),
    );
    for (const bib of [...totals.keys()]) {
      const t = finishedTimes.get(bib);
      if (t === undefined) totals.delete(bib);
      else totals.set(bib, totals.get(bib)! + t);
    }
  }
  return out;
}

function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}
