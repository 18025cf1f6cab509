import type { CapacityPlan } from './plan';
import { wallClock } from './schedule';

/** `2022-07-01T11:30Z`: minutes are the schedule's resolution. */
function utc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}Z`;
}

/** The plan's load and concurrency figures, one line each (the header of `tour-tracker capacity`). */
export function formatPlanSummary(plan: CapacityPlan): string[] {
  const { load, stream, processor, api } = plan;
  const lines = [
    `${plan.tourId}: ${load.devices} devices → ${load.expectedFixesPerSecond} fixes/s expected, ` +
      `${load.plannedFixesPerSecond} fixes/s planned (headroom)`,
    `ingest at the planned rate: ${(load.plannedBytesPerSecond / 1000).toFixed(1)} kB/s, ` +
      `${load.plannedRecordsPerSecond} records/s (${load.relayBuckets} relay buckets) → ${load.shardsNeededForLoad} shard(s) needed`,
    stream.mode === 'provisioned'
      ? `stream: provisioned, ${stream.idleShards} shard(s) idle → ${stream.raceShards} while racing (scheduled UpdateShardCount)`
      : `stream: on-demand (starts at ${stream.raceShards} shards, scales by itself)`,
    `processor: ${stream.raceShards} shards × parallelization ${processor.parallelizationFactor} = ` +
      `${processor.race} provisioned while racing (target tracking up to ${processor.max}), 0 between stages`,
    `api: ${api.race} provisioned while racing (target tracking up to ${api.max}), 0 between stages`,
  ];
  if (plan.relayBucketsNeeded > load.relayBuckets) {
    lines.push(
      `warning: the relay needs --buckets ${plan.relayBucketsNeeded} or more (default ${load.relayBuckets}) to keep every batch busy`,
    );
  }
  return lines;
}

/** One row per capacity window: warm-up and release in UTC and in the race's local time, with the race capacity. */
export function formatPlanTable(plan: CapacityPlan): string[] {
  const header = [
    'stage'.padEnd(6),
    'zone'.padEnd(17),
    'warm-up UTC'.padEnd(18),
    'warm-up local'.padEnd(17),
    'start local'.padEnd(17),
    'end local'.padEnd(17),
    'release UTC'.padEnd(18),
    'release local'.padEnd(17),
    'shards',
    'proc PC',
    'api PC',
  ].join('  ');
  const rows = plan.windows.map((w) =>
    [
      w.stages.join('+').padEnd(6),
      w.timeZone.padEnd(17),
      utc(w.warmUpMs).padEnd(18),
      wallClock(w.warmUpMs, w.timeZone).padEnd(17),
      wallClock(w.startMs, w.timeZone).padEnd(17),
      wallClock(w.endMs, w.timeZone).padEnd(17),
      utc(w.releaseMs).padEnd(18),
      wallClock(w.releaseMs, w.timeZone).padEnd(17),
      String(plan.stream.raceShards).padStart(6),
      String(plan.processor.race).padStart(7),
      String(plan.api.race).padStart(6),
    ].join('  '),
  );
  return [header, ...rows];
}

/** The plan as plain JSON for `--json`: instants as ISO strings, local wall clocks beside them. */
export function planAsJson(plan: CapacityPlan): unknown {
  return {
    ...plan,
    stream: {
      ...plan.stream,
      changes: plan.stream.changes.map((c) => ({ ...c, at: new Date(c.atMs).toISOString() })),
    },
    windows: plan.windows.map((w) => ({
      ...w,
      warmUpUtc: new Date(w.warmUpMs).toISOString(),
      releaseUtc: new Date(w.releaseMs).toISOString(),
      warmUpLocal: wallClock(w.warmUpMs, w.timeZone),
      startLocal: wallClock(w.startMs, w.timeZone),
      endLocal: wallClock(w.endMs, w.timeZone),
      releaseLocal: wallClock(w.releaseMs, w.timeZone),
    })),
  };
}
