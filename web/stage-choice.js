/** Which stage the page follows: the one asked for, else the one racing now, else the last started, else the first. */

/** @typedef {import('./api-types.js').StageInfo} StageInfo */
/** @typedef {import('./api-types.js').Schedule} Schedule */

/**
 * @param {readonly StageInfo[]} stages
 * @param {number | null} requested `?stage=`
 * @param {number} nowMs
 * @returns {StageInfo}
 */
export function pickStage(stages, requested, nowMs) {
  const first = stages[0];
  if (!first) throw new Error('the tour has no stages');
  const asked = stages.find((s) => s.number === requested);
  if (asked) return asked;
  const racing = stages.find((s) => Date.parse(s.startUtc) <= nowMs && nowMs <= Date.parse(s.expectedEndUtc));
  if (racing) return racing;
  const started = stages.filter((s) => Date.parse(s.startUtc) <= nowMs);
  return started[started.length - 1] ?? first;
}

/**
 * `Tour de France 2022 · Stage 3: Vejle → Sønderborg (182 km)`.
 * @param {Schedule} schedule
 * @param {StageInfo} stage
 */
export function stageTitle(schedule, stage) {
  const where = stage.start && stage.finish ? `: ${stage.start} → ${stage.finish}` : '';
  const length = stage.distanceKm ? ` (${Math.round(stage.distanceKm)} km)` : '';
  return `${schedule.name} · Stage ${stage.number}${where}${length}`;
}
