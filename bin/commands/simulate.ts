import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { prepareRoute } from '../../core/race';
import { TourTrackerError } from '../../core/errors';
import { loadStageRoute, loadTourConfig, stageOf, type LoadedTour } from '../../core/tour-config/load';
import { DEFAULT_FAULT_PROFILE, FAULT_PROFILES, isFaultProfileName } from '../../sim/faults';
import { closeSink, openSink, writeSimulation, type Pacing } from '../../sim/output';
import { simulateStage } from '../../sim/simulate-stage';
import type { SimulationOptions } from '../../sim/stage-setup';
import type { Command } from './index';

/** Where output goes when `--out` is not given. */
const DEFAULT_OUT_DIR = 'sim-output';

/** A command line the simulate command cannot run; the message names the option and the value received. */
export class SimulateArgsError extends TourTrackerError {
  constructor(message: string) {
    super(message);
    this.name = 'SimulateArgsError';
  }
}

/** Simulates stages of a tour: wire frames for the edge relay plus ground truth beside them (sim/, issue 4). */
export const simulate: Command = {
  name: 'simulate',
  summary: 'simulate a stage: wire frames + ground truth (--help for options)',
  usage: 'simulate --tour ID --stage N|all [options]',
  get help() {
    return HELP;
  },
  async run(args) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        tour: { type: 'string' },
        stage: { type: 'string' },
        seed: { type: 'string', default: '1' },
        speed: { type: 'string' },
        'as-fast-as-possible': { type: 'boolean', default: false },
        faults: { type: 'string', default: DEFAULT_FAULT_PROFILE },
        'gps-noise': { type: 'string' },
        out: { type: 'string' },
        truth: { type: 'string' },
        riders: { type: 'string' },
        'max-seconds': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    if (!values.tour || !values.stage)
      throw new SimulateArgsError('--tour and --stage are required (see simulate --help)');
    const tour = loadTourConfig(values.tour);
    const all = values.stage === 'all';
    const stages = all
      ? tour.config.stages.filter((s) => s.route !== null).map((s) => s.number)
      : [integer('--stage', values.stage, 1)];
    if (all && (values.out === '-' || values.truth))
      throw new SimulateArgsError('--stage all writes one file pair per stage: give --out DIR, not "-" or --truth');
    const faults = values.faults;
    if (!isFaultProfileName(faults)) {
      throw new SimulateArgsError(
        `--faults must be one of ${Object.keys(FAULT_PROFILES).join(', ')}, received "${faults}"`,
      );
    }
    const options: SimulationOptions = {
      seed: integer('--seed', values.seed, 0),
      faultProfile: faults,
      ...(values['gps-noise'] !== undefined && {
        faultOverrides: { gpsNoiseMeters: positive('--gps-noise', values['gps-noise'], true) },
      }),
      ...(values.riders !== undefined && { riderLimit: integer('--riders', values.riders, 1) }),
      ...(values['max-seconds'] !== undefined && { maxSeconds: integer('--max-seconds', values['max-seconds'], 1) }),
    };
    for (const number of stages) {
      const out = all
        ? join(values.out ?? DEFAULT_OUT_DIR, fileStem(tour, number, options.seed) + '.frames.jsonl')
        : (values.out ?? join(DEFAULT_OUT_DIR, fileStem(tour, number, options.seed) + '.frames.jsonl'));
      const truthPath =
        values.truth ??
        (out === '-' ? join(DEFAULT_OUT_DIR, fileStem(tour, number, options.seed) + '.truth.jsonl') : truthBeside(out));
      await runStage(tour, number, options, pacing(values.speed, values['as-fast-as-possible'], out), out, truthPath);
    }
    return 0;
  },
};

async function runStage(
  tour: LoadedTour,
  number: number,
  options: SimulationOptions,
  pace: Pacing,
  out: string,
  truthPath: string,
): Promise<void> {
  const stage = stageOf(tour, number);
  const route = prepareRoute(loadStageRoute(tour, number));
  const simulation = simulateStage({ tour: tour.config, stage, route }, options);
  const frames = openSink(out);
  const truth = openSink(truthPath);
  const report = await writeSimulation(simulation, { frames, truth }, pace);
  await Promise.all([closeSink(frames), closeSink(truth)]);
  const winner = report.summary.finish[0];
  const name = simulation.header.riders.find((r) => r.bib === winner?.bib)?.name ?? 'nobody';
  console.error(
    `${tour.config.id} stage ${number}: winner ${name} (${winner?.bib ?? '-'}) in ${clock(winner?.timeSeconds ?? 0)}, ` +
      `${report.summary.finish.length} finishers, ${report.frames} frames / ${report.fixes} fixes -> ${out}, truth -> ${truthPath} ` +
      `(${(report.wallMillis / 1000).toFixed(1)} s)`,
  );
}

/** Real time by default when streaming to stdout (feeding a relay), as fast as possible when writing a file. */
function pacing(speed: string | undefined, asFastAsPossible: boolean, out: string): Pacing {
  if (speed !== undefined && asFastAsPossible)
    throw new SimulateArgsError('give either --speed or --as-fast-as-possible, not both');
  if (asFastAsPossible) return { speed: null };
  if (speed !== undefined) return { speed: positive('--speed', speed, false) };
  return { speed: out === '-' ? 1 : null };
}

function fileStem(tour: LoadedTour, stage: number, seed: number): string {
  return `${tour.config.id}-stage-${String(stage).padStart(2, '0')}-seed-${seed}`;
}

function truthBeside(out: string): string {
  return out.replace(/(\.frames)?\.jsonl?$/, '') + '.truth.jsonl';
}

function integer(option: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new SimulateArgsError(`${option} must be an integer >= ${min}, received "${text}"`);
  return value;
}

function positive(option: string, text: string, zeroAllowed: boolean): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || (!zeroAllowed && value === 0)) {
    throw new SimulateArgsError(`${option} must be a number ${zeroAllowed ? '>= 0' : '> 0'}, received "${text}"`);
  }
  return value;
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

const HELP = `usage: tour-tracker simulate --tour ID --stage N|all [options]

Simulates a stage of a tour on its real route with its real start list, and writes
  - wire frames (one JSON line per frame, as the edge relay reads them: DESIGN §6), and
  - ground truth beside them (header, one line per second, events, summary: sim/ground-truth.ts).

options:
  --seed S                 seed of every random draw; the same seed gives byte-identical output (default 1)
  --speed X                play X simulated seconds per wall-clock second (default 1 when --out is -)
  --as-fast-as-possible    no pacing (default when writing to a file)
  --faults PROFILE         none | realistic | harsh (default ${DEFAULT_FAULT_PROFILE})
  --gps-noise M            GPS error per axis in metres, over the profile's
  --out FILE|-             frames file, or - for stdout (default ${DEFAULT_OUT_DIR}/<tour>-stage-NN-seed-S.frames.jsonl);
                           with --stage all, the folder for every stage's files
  --truth FILE             ground-truth file (default beside --out, as .truth.jsonl)
  --riders N               only the first N riders of the start list
  --max-seconds N          stop after N simulated seconds`;
