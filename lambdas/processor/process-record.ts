import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { KinesisStreamRecord } from 'aws-lambda';
import type { QuarantinedRecord, QuarantineReason, QuarantineSink } from '../adapters/quarantine-sink';
import type { RiderStateStore } from '../adapters/rider-state-store';
import type { TrackStore } from '../adapters/track-store';
import type { RaceFix } from '../race';
import { processLogger } from '../shared/powertools';
import { decodeRecord, raceFixesOf } from './decode-record';
import { applyStageFixes, ridersOf, type StageContext } from './stage-batch';

/** What processing a record needs; built once per cold start (deps.ts) or by tests with memory fakes. */
export interface ProcessorDeps {
  readonly riderStates: RiderStateStore;
  readonly tracks: TrackStore;
  readonly quarantine: QuarantineSink;
  /** The stage of a fix time, or undefined outside the tour's stage dates. */
  readonly stageAt: (tMs: number) => number | undefined;
  /** Route and device directory of a stage, or undefined when the stage has no route. */
  readonly stageContext: (stage: number) => StageContext | undefined;
  readonly metrics: Metrics;
  readonly now: () => number;
}

type Source = Pick<QuarantinedRecord, 'shardId' | 'sequenceNumber' | 'arrivalMs'>;

/**
 * Processes one Kinesis record: poison input is quarantined and the record counts as processed; store faults
 * (e.g. `StoreThrottledError`) propagate so the batch processor reports the record for retry. Rider states are
 * written last, so a retry after a partial failure re-applies the same fixes idempotently.
 */
export async function processRecord(deps: ProcessorDeps, record: KinesisStreamRecord): Promise<void> {
  const source: Source = {
    shardId: record.eventID.split(':')[0] ?? record.eventID,
    sequenceNumber: record.kinesis.sequenceNumber,
    arrivalMs: Math.round(record.kinesis.approximateArrivalTimestamp * 1000),
  };
  const decoded = decodeRecord(record.kinesis.data);
  if (!decoded.ok) {
    await deps.quarantine.put([
      { ...source, reason: decoded.reason, detail: decoded.detail, dataBase64: record.kinesis.data },
    ]);
    count(deps.metrics, 'none', 'FixesQuarantined', 1, decoded.reason);
    processLogger().warn('frame quarantined', { reason: decoded.reason, ...source });
    return;
  }
  const byStage = new Map<number | undefined, RaceFix[]>();
  for (const fix of raceFixesOf(decoded.frame)) {
    const stage = deps.stageAt(fix.t);
    const context = stage === undefined ? undefined : deps.stageContext(stage);
    const key = context === undefined ? undefined : stage;
    const group = byStage.get(key);
    if (group) group.push(fix);
    else byStage.set(key, [fix]);
  }
  for (const [stage, fixes] of byStage) {
    if (stage === undefined) {
      await quarantineFixes(deps, source, 'none', 'no-stage', fixes, 'no stage with a route on the fix date');
      continue;
    }
    await processStage(deps, source, stage, fixes);
  }
}

async function processStage(deps: ProcessorDeps, source: Source, stage: number, fixes: RaceFix[]): Promise<void> {
  const context = deps.stageContext(stage);
  if (context === undefined) return;
  const stored = await deps.riderStates.load(context.key, ridersOf(fixes, context.directory));
  const out = applyStageFixes(stored, fixes, context);
  const byReason = new Map<QuarantineReason, RaceFix[]>();
  let duplicates = 0;
  for (const r of out.rejects) {
    if (r.reason === 'duplicate') duplicates += 1;
    else byReason.set(r.reason, [...(byReason.get(r.reason) ?? []), r.fix]); // few rejects per record
  }
  const label = String(stage);
  for (const [reason, rejected] of byReason) {
    await quarantineFixes(deps, source, label, reason, rejected, `${rejected.length} fixes refused by the engine`);
  }
  await deps.tracks.append(context.key, out.points);
  await deps.riderStates.putIfNewer(context.key, out.riders);
  count(deps.metrics, label, 'FixesAccepted', out.accepted.length);
  count(deps.metrics, label, 'DuplicateFixes', duplicates);
  const newest = Math.max(...out.riders.map((r) => r.live.tMs));
  if (Number.isFinite(newest)) {
    const m = deps.metrics.singleMetric();
    m.addDimension('Stage', label);
    m.addMetric('FreshnessMilliseconds', MetricUnit.Milliseconds, Math.max(0, deps.now() - newest));
  }
}

async function quarantineFixes(
  deps: ProcessorDeps,
  source: Source,
  stage: string,
  reason: QuarantineReason,
  fixes: readonly RaceFix[],
  detail: string,
): Promise<void> {
  const dataBase64 = Buffer.from(JSON.stringify(fixes)).toString('base64');
  await deps.quarantine.put([{ ...source, reason, detail, dataBase64 }]);
  count(deps.metrics, stage, 'FixesQuarantined', fixes.length, reason);
}

/** Emits a count with the low-cardinality `Stage` (and `Reason`) dimensions (STYLE.md §3: metrics). */
function count(metrics: Metrics, stage: string, name: string, value: number, reason?: string): void {
  if (value === 0) return;
  const m = metrics.singleMetric();
  m.addDimension('Stage', stage);
  if (reason !== undefined) m.addDimension('Reason', reason);
  m.addMetric(name, MetricUnit.Count, value);
}
