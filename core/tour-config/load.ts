import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { TourTrackerError } from '../errors';
import { readRouteFile, type RouteFilePoint } from './route-file';
import { crossFieldIssues, type ConfigIssue } from './rules';
import { StageResultsFile, TourConfigShape, type StageConfig, type StageResults, type TourConfig } from './schema';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The config/tours folder: the repository's when run from source, or the copy beside a bundled Lambda
 * (ProcessingConstruct copies it next to index.mjs, where `here` is the bundle's folder).
 */
export const DEFAULT_CONFIG_ROOT =
  [resolve(here, '../../config/tours'), resolve(here, 'config/tours')].find((dir) => existsSync(dir)) ??
  resolve(here, '../../config/tours');

/** A tour config that failed validation: names the file and every bad path, so nothing runs or deploys from it. */
export class TourConfigError extends TourTrackerError {
  constructor(
    readonly file: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(
      `invalid tour config ${displayPath(file)}:\n${issues.map((i) => `  - ${formatPath(i.path)}: ${i.message}`).join('\n')}`,
    );
    this.name = 'TourConfigError';
  }
}

/** A validated tour config and where it was read from (route and results paths are relative to `dir`). */
export interface LoadedTour {
  readonly config: TourConfig;
  readonly file: string;
  readonly dir: string;
}

/** Tour ids with a config file in `configRoot`. */
export function listTourIds(configRoot = DEFAULT_CONFIG_ROOT): string[] {
  if (!existsSync(configRoot)) return [];
  return readdirSync(configRoot)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/**
 * Reads and validates a tour config: its shape, the rules across fields, and that each stage's route file exists.
 * @param tour a tour id (`tdf2022`, read from `configRoot`) or a path to a config file
 * @throws TourConfigError naming the file, the path inside it and what is wrong
 */
export function loadTourConfig(tour: string, configRoot = DEFAULT_CONFIG_ROOT): LoadedTour {
  const file = tour.endsWith('.json') || tour.includes('/') ? resolve(tour) : join(configRoot, `${tour}.json`);
  if (!existsSync(file)) {
    const known = listTourIds(configRoot);
    throw new TourConfigError(file, [
      { path: [], message: `no such tour config (known tours: ${known.length ? known.join(', ') : 'none'})` },
    ]);
  }
  const raw = parseJson(file);
  const parsed = TourConfigShape.safeParse(raw);
  if (!parsed.success) throw new TourConfigError(file, zodIssues(parsed.error));
  const dir = dirname(file);
  const issues = [...crossFieldIssues(parsed.data), ...referencedFileIssues(parsed.data, dir)];
  if (issues.length > 0) throw new TourConfigError(file, issues);
  return { config: parsed.data, file, dir };
}

/** The stage with this number. @throws TourConfigError when the tour has no such stage */
export function stageOf(tour: LoadedTour, stageNumber: number): StageConfig {
  const stage = tour.config.stages.find((s) => s.number === stageNumber);
  if (!stage) {
    const numbers = tour.config.stages.map((s) => s.number);
    throw new TourConfigError(tour.file, [
      {
        path: ['stages'],
        message: `no stage ${stageNumber} (stages are ${numbers[0]}-${numbers[numbers.length - 1]})`,
      },
    ]);
  }
  return stage;
}

/** The stage's route points, start to finish. @throws TourConfigError when the stage has no route file */
export function loadStageRoute(tour: LoadedTour, stageNumber: number): RouteFilePoint[] {
  const stage = stageOf(tour, stageNumber);
  const index = tour.config.stages.indexOf(stage);
  if (stage.route === null) {
    throw new TourConfigError(tour.file, [
      { path: ['stages', index, 'route'], message: `stage ${stageNumber} has no route file` },
    ]);
  }
  return readRouteFile(join(tour.dir, stage.route));
}

/** The tour's official stage results, or null when the config names none. */
export function loadStageResults(tour: LoadedTour): StageResults | null {
  if (!tour.config.results) return null;
  const file = join(tour.dir, tour.config.results);
  const parsed = StageResultsFile.safeParse(parseJson(file));
  if (!parsed.success) throw new TourConfigError(file, zodIssues(parsed.error));
  return parsed.data;
}

function parseJson(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TourConfigError(file, [{ path: [], message: `not valid JSON: ${(error as Error).message}` }]);
  }
}

function referencedFileIssues(config: TourConfig, dir: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  config.stages.forEach((stage, i) => {
    if (stage.route !== null && !existsSync(join(dir, stage.route))) {
      issues.push({
        path: ['stages', i, 'route'],
        message: `route file not found: ${displayPath(join(dir, stage.route))}`,
      });
    }
  });
  if (config.results && !existsSync(join(dir, config.results))) {
    issues.push({ path: ['results'], message: `results file not found: ${displayPath(join(dir, config.results))}` });
  }
  return issues;
}

function zodIssues(error: z.ZodError): ConfigIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: issue.message,
  }));
}

/** `stages[3].timeZone` style, as a reader would look it up in the JSON. */
export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(file)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}
