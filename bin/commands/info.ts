import { parseArgs } from 'node:util';
import { finishLinePassages, prepareRoute, profileAtDistance, type PreparedRoute } from '../../core/race';
import { loadStageRoute, loadTourConfig, stageOf, type LoadedTour } from '../../core/tour-config/load';
import type { StageConfig } from '../../core/tour-config/schema';
import { stageWindowUtcMs } from '../../core/tour-config/stage-times';
import type { Command } from './index';

/** Prints a tour's stages with their schedule (local and UTC) and the facts measured on their real routes. */
export const info: Command = {
  name: 'info',
  summary: 'stages, schedule (local and UTC) and route facts of a tour',
  usage: 'info --tour ID [--stage N]',
  async run(args) {
    const { values } = parseArgs({ args: [...args], options: { tour: { type: 'string' }, stage: { type: 'string' } } });
    if (!values.tour) {
      console.error('info: --tour ID is required');
      return 2;
    }
    const tour = loadTourConfig(values.tour);
    printTour(tour);
    const stages = values.stage ? [stageOf(tour, Number(values.stage))] : tour.config.stages;
    console.log('');
    console.log('(line×: times the race crosses the finish line; a finishing circuit crosses it once per lap)');
    console.log(
      ' #  date        start (local, zone, UTC)         type      km official / route  climbing  top m  line×  climbs          start → finish',
    );
    const facts = stages.map((stage) => (stage.route ? routeFacts(tour, stage) : null));
    stages.forEach((stage, i) => console.log(stageLine(stage, facts[i]!)));
    if (values.stage) printStageDetail(stages[0]!, facts[0]!);
    return 0;
  },
};

interface RouteFacts {
  readonly route: PreparedRoute;
  readonly laps: number;
}

function routeFacts(tour: LoadedTour, stage: StageConfig): RouteFacts {
  const route = prepareRoute(loadStageRoute(tour, stage.number));
  // Every earlier passage of the finish line in the race's direction is a lap of a finishing circuit.
  return { route, laps: finishLinePassages(route).length + 1 };
}

function printTour(tour: LoadedTour): void {
  const c = tour.config;
  const devices = c.capacity.ridersExpected + c.capacity.vehiclesExpected;
  const fixesPerSecond = devices * c.capacity.fixRateHz;
  console.log(
    `${c.name} (${c.id}): ${c.stages.length} stages, ${c.riders.length} riders, ${c.vehicles.length} vehicles, ` +
      `${c.devices.length} tracker assignments`,
  );
  console.log(
    `regions ${c.regions.primary} (backup ${c.regions.backup}); history store: ${c.history.store}; ` +
      `capacity: ${devices} devices × ${c.capacity.fixRateHz} Hz = ${fixesPerSecond} fixes/s, planned for ×${c.capacity.headroomFactor} = ` +
      `${Math.ceil(fixesPerSecond * c.capacity.headroomFactor)} fixes/s`,
  );
}

function stageLine(stage: StageConfig, facts: RouteFacts | null): string {
  const { startMs } = stageWindowUtcMs(stage);
  const utc = new Date(startMs).toISOString().slice(11, 16);
  const start = `${stage.startLocalTime} ${stage.timeZone} ${utc}Z`;
  const km = facts
    ? `${stage.distanceKm.toFixed(1)} / ${(facts.route.lengthMeters / 1000).toFixed(1)}`
    : `${stage.distanceKm.toFixed(1)} / no route`;
  const climbing = facts ? `${Math.round(facts.route.climbingMeters)} m` : '-';
  const top = facts ? String(Math.round(facts.route.maxAltitudeMeters)) : '-';
  const laps = facts ? String(facts.laps) : '-';
  const climbs = summariseClimbs(stage);
  return [
    String(stage.number).padStart(2),
    stage.date,
    start.padEnd(32),
    stage.type.padEnd(8),
    km.padEnd(20),
    climbing.padStart(8),
    top.padStart(6),
    laps.padStart(5),
    climbs.padEnd(15),
    `${stage.start} → ${stage.finish}`,
  ].join('  ');
}

function summariseClimbs(stage: StageConfig): string {
  if (stage.climbs.length === 0) return '-';
  const counts = new Map<string, number>();
  for (const c of stage.climbs) counts.set(c.category, (counts.get(c.category) ?? 0) + 1);
  return ['HC', '1', '2', '3', '4']
    .filter((cat) => counts.has(cat))
    .map((cat) => `${counts.get(cat)}×${cat === 'HC' ? 'HC' : `c${cat}`}`)
    .join(' ');
}

const SPARKS = '▁▂▃▄▅▆▇█';

function printStageDetail(stage: StageConfig, facts: RouteFacts | null): void {
  const { startMs, endMs } = stageWindowUtcMs(stage);
  console.log('');
  console.log(`stage ${stage.number}: ${stage.start} → ${stage.finish}, ${stage.type}, ${stage.distanceKm} km`);
  console.log(`  window (UTC): ${new Date(startMs).toISOString()} → ${new Date(endMs).toISOString()}`);
  if (stage.winner) {
    const time = stage.winnerTimeSeconds ? ` in ${formatDuration(stage.winnerTimeSeconds)}` : '';
    console.log(`  winner: ${stage.winner}${time}`);
  }
  for (const c of stage.climbs) {
    console.log(
      `  climb: ${c.name}, category ${c.category}, ${c.lengthKm} km at ${c.averageGradientPercent}%${c.estimated ? ' (estimated)' : ''}`,
    );
  }
  for (const s of stage.sprints) console.log(`  sprint: ${s.name} at km ${s.km}`);
  if (facts) {
    const { route } = facts;
    const stepMeters = route.lengthMeters / 60;
    const altitudes = Array.from({ length: 61 }, (_, i) => profileAtDistance(route, i * stepMeters).altitudeMeters);
    const span = Math.max(1, route.maxAltitudeMeters - route.minAltitudeMeters);
    const line = altitudes
      .map((a) => SPARKS[Math.min(7, Math.floor(((a - route.minAltitudeMeters) / span) * 8))])
      .join('');
    console.log(
      `  profile: ${line}  (${Math.round(route.minAltitudeMeters)}-${Math.round(route.maxAltitudeMeters)} m)`,
    );
  }
  for (const note of stage.notes) console.log(`  note: ${note}`);
}

function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h}h ${String(m).padStart(2, '0')}' ${String(s).padStart(2, '0')}"`;
}
