import type { TourConfig } from './schema';

/** One problem in a tour config: where it is (a path into the JSON) and what is wrong. */
export interface ConfigIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * Rules that span several fields and that a per-field schema cannot express.
 * Returns every problem found rather than the first, so one edit fixes them all.
 */
export function crossFieldIssues(tour: TourConfig): ConfigIssue[] {
  return [
    ...regionIssues(tour),
    ...stageIssues(tour),
    ...uniqueIssues(tour.riders, 'riders', 'bib', (r) => r.bib),
    ...uniqueIssues(tour.vehicles, 'vehicles', 'id', (v) => v.id),
    ...deviceOwnerIssues(tour),
    ...deviceRangeIssues(tour),
    ...gcIssues(tour),
  ];
}

function regionIssues(tour: TourConfig): ConfigIssue[] {
  if (tour.regions.primary !== tour.regions.backup) return [];
  return [
    {
      path: ['regions', 'backup'],
      message: `must differ from the primary region (both are "${tour.regions.primary}")`,
    },
  ];
}

/** A route may be this much longer than the official distance (measured: up to 1.2% on 2022's routes). */
const ROUTE_LENGTH_TOLERANCE = 1.05;

function stageIssues(tour: TourConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [...uniqueIssues(tour.stages, 'stages', 'number', (s) => s.number)];
  tour.stages.forEach((stage, i) => {
    const previous = tour.stages[i - 1];
    if (previous && stage.date < previous.date) {
      issues.push({
        path: ['stages', i, 'date'],
        message: `${stage.date} is before stage ${previous.number}'s date ${previous.date}`,
      });
    }
    // Positions are km along the route file, whose length may differ from the official distance by a few per cent.
    const lastKm = stage.distanceKm * ROUTE_LENGTH_TOLERANCE;
    stage.sprints.forEach((sprint, j) => {
      if (sprint.km > lastKm) {
        issues.push({
          path: ['stages', i, 'sprints', j, 'km'],
          message: `${sprint.km} km is beyond the stage's ${stage.distanceKm} km`,
        });
      }
    });
    stage.climbs.forEach((climb, j) => {
      if (climb.summitKm > lastKm) {
        issues.push({
          path: ['stages', i, 'climbs', j, 'summitKm'],
          message: `${climb.summitKm} km is beyond the stage's ${stage.distanceKm} km`,
        });
      }
    });
  });
  return issues;
}

function uniqueIssues<T>(
  items: readonly T[],
  list: string,
  field: string,
  key: (item: T) => string | number,
): ConfigIssue[] {
  const firstIndex = new Map<string | number, number>();
  const issues: ConfigIssue[] = [];
  items.forEach((item, i) => {
    const k = key(item);
    const first = firstIndex.get(k);
    if (first === undefined) firstIndex.set(k, i);
    else
      issues.push({
        path: [list, i, field],
        message: `duplicate ${field} ${JSON.stringify(k)} (first at ${list}[${first}])`,
      });
  });
  return issues;
}

function deviceOwnerIssues(tour: TourConfig): ConfigIssue[] {
  const bibs = new Set(tour.riders.map((r) => r.bib));
  const vehicles = new Set(tour.vehicles.map((v) => v.id));
  const issues: ConfigIssue[] = [];
  tour.devices.forEach((d, i) => {
    if (d.owner.kind === 'rider' && !bibs.has(d.owner.bib)) {
      issues.push({
        path: ['devices', i, 'owner', 'bib'],
        message: `device ${d.device} names unknown rider bib ${d.owner.bib} (not in riders)`,
      });
    }
    if (d.owner.kind === 'vehicle' && !vehicles.has(d.owner.id)) {
      issues.push({
        path: ['devices', i, 'owner', 'id'],
        message: `device ${d.device} names unknown vehicle "${d.owner.id}" (not in vehicles)`,
      });
    }
    if (d.validTo !== null && Date.parse(d.validTo) <= Date.parse(d.validFrom)) {
      issues.push({
        path: ['devices', i, 'validTo'],
        message: `must be after validFrom (${d.validFrom}), received ${d.validTo}`,
      });
    }
  });
  return issues;
}

/** A tracker is on one bike at a time: two assignments of one device must not overlap in time. */
function deviceRangeIssues(tour: TourConfig): ConfigIssue[] {
  const byDevice = new Map<string, number[]>();
  tour.devices.forEach((d, i) => byDevice.set(d.device, [...(byDevice.get(d.device) ?? []), i]));
  const issues: ConfigIssue[] = [];
  for (const [device, indexes] of byDevice) {
    const ranges = indexes
      .map((i) => ({ i, from: Date.parse(tour.devices[i]!.validFrom), to: toMs(tour.devices[i]!.validTo) }))
      .sort((a, b) => a.from - b.from);
    for (let k = 1; k < ranges.length; k++) {
      const before = ranges[k - 1]!;
      const after = ranges[k]!;
      if (after.from < before.to) {
        issues.push({
          path: ['devices', after.i, 'validFrom'],
          message: `device ${device} is already assigned until ${describeEnd(tour.devices[before.i]!.validTo)} by devices[${before.i}]: assignment ranges overlap`,
        });
      }
    }
  }
  return issues;
}

function gcIssues(tour: TourConfig): ConfigIssue[] {
  const stages = new Set(tour.stages.map((s) => s.number));
  const bibs = new Set(tour.riders.map((r) => r.bib));
  const issues: ConfigIssue[] = [];
  tour.gcBeforeStage.forEach((gc, i) => {
    if (!stages.has(gc.stage))
      issues.push({ path: ['gcBeforeStage', i, 'stage'], message: `unknown stage ${gc.stage}` });
    gc.standings.forEach((s, j) => {
      if (!bibs.has(s.bib)) {
        issues.push({
          path: ['gcBeforeStage', i, 'standings', j, 'bib'],
          message: `unknown rider bib ${s.bib} (not in riders)`,
        });
      }
    });
  });
  return issues;
}

const toMs = (iso: string | null): number => (iso === null ? Number.POSITIVE_INFINITY : Date.parse(iso));
const describeEnd = (iso: string | null): string => iso ?? 'open-ended';
