import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { eventSortKey } from '../../core/ports/event-store';
import type { StageKey } from '../../core/ports/stage-key';
import { emitMetric } from '../shared/metrics';
import { DEFAULT_PASSAGE_STEP_METERS, type RaceEvent } from '../../core/race';
import { aggregate } from './aggregate';
import type { AggregatorDeps } from './deps';
import { emptyPassages, passagesOf } from './merge-passages';
import { savePassages } from './save-passages';
import type { TouchedStage } from './stream-records';

/** Most stored events read back to tell new events from repeats (more than any one snapshot emits). */
const STORED_EVENTS_READ = 1_000;

/**
 * Rebuilds one stage: rider states and persisted passages → snapshot and events. Order: publish the events not
 * stored yet, store them, store the merged passages, and write the snapshot last (conditional). A retry after any
 * failure republishes at most the events it had not stored (consumers de-duplicate by id), and loses none.
 */
export async function aggregateStage(deps: AggregatorDeps, touched: TouchedStage): Promise<void> {
  const stage = deps.stageContext(touched.stage);
  if (stage === undefined) return;
  const [read, previous, passages] = await Promise.all([
    deps.riderStates.load(
      stage.key,
      stage.bibs.filter((bib) => !touched.riders.has(bib)),
    ),
    deps.snapshots.get(stage.key),
    deps.passages.get(stage.key),
  ]);
  const stored = new Map([...read, ...touched.riders]);
  // Marks stored with another spacing (a changed default) cannot be merged: start again from the riders' samples.
  const known = passages?.stepMeters === DEFAULT_PASSAGE_STEP_METERS ? passagesOf(passages) : emptyPassages(0);
  const out = aggregate(stage, stored, previous, touched.newestFixMs, known);
  if (out === undefined) return;
  const label = String(stage.key.stage);
  if (deps.bus !== undefined) {
    const fresh = await unstoredEvents(deps, stage.key, out.events);
    await deps.bus.publish(stage.key, fresh);
    emitMetric(deps.metrics, label, 'EventsPublished', fresh.length);
  }
  await deps.events.putAll(stage.key, out.events);
  if (out.passages !== undefined) {
    await savePassages(deps.passages, stage.key, DEFAULT_PASSAGE_STEP_METERS, out.passages, passages);
  }
  await deps.snapshots.putIfNewer(stage.key, out.snapshot);
  emitMetric(deps.metrics, label, 'RidersInSnapshot', out.snapshot.riders.length);
  emitMetric(deps.metrics, label, 'SnapshotAgeMilliseconds', Math.max(0, deps.now() - touched.newestFixMs), {
    unit: MetricUnit.Milliseconds,
  });
}

/** The events the store does not hold yet (same time and id), in their order. */
async function unstoredEvents(
  deps: AggregatorDeps,
  key: StageKey,
  events: readonly RaceEvent[],
): Promise<readonly RaceEvent[]> {
  if (events.length === 0) return [];
  const times = events.map((e) => e.tMs);
  const stored = await deps.events.since(key, {
    afterMs: Math.min(...times) - 1,
    untilMs: Math.max(...times),
    limit: STORED_EVENTS_READ,
  });
  const known = new Set(stored.map(eventSortKey));
  return events.filter((e) => !known.has(eventSortKey(e)));
}
