import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { KinesisStreamRecord } from 'aws-lambda';
import type { HistoryWriter } from '../../core/ports/history-store';
import type { QuarantinedRecord, QuarantineReason, QuarantineSink } from '../../core/ports/quarantine-sink';
import type { RiderStateStore } from '../../core/ports/rider-state-store';
import type { TrackStore } from '../../core/ports/track-store';
import type { RaceFix } from '../../core/race';
import { processLogger } from '../shared/powertools';
import type { WireFrame } from '../../core/wire/wire-frame';
import { decodeRecord, raceFixesOf, type DecodedRecord } from '../../core/wire/decode-record';
import type { BatchRiderStates } from './batch-rider-states';
import { altitudeKey, historyFixesOf } from './history-fixes';
import { emitMetric } from '../shared/metrics';
import { applyStageFixes, ridersOf, type StageContext } from './stage-batch';

/** What processing a record needs; built once per cold start (deps.ts) or by tests with memory fakes. */
export interface ProcessorDeps {
  readonly riderStates: RiderStateStore;
  readonly tracks: TrackStore;
  readonly quarantine: QuarantineSink;
  /** Fix history (Timestream), or undefined when the tour's history store is `none`. */
  readonly history?: HistoryWriter;
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
 * (e.g. `StoreThrottledError`) propagate so the batch processor reports the record for retry. History is written
 * per record; track points and rider states go to `batchRiders`, written once after the whole batch, so a retry
 * after a partial failure re-applies the same fixes idempotently.
 */
export async function processRecord(
  deps: ProcessorDeps,
  record: KinesisStreamRecord,
  batchRiders: BatchRiderStates,
  decoded: DecodedRecord = decodeRecord(record.kinesis.data),
): Promise<RidersByStage> {
  const riders: RidersByStage = new Map();
  const source: Source = {
    shardId: record.eventID.split(':')[0] ?? record.eventID,
    sequenceNumber: record.kinesis.sequenceNumber,
    arrivalMs: Math.round(record.kinesis.approximateArrivalTimestamp * 1000),
  };
  if (!decoded.ok) {
    await deps.quarantine.put([
      { ...source, reason: decoded.reason, detail: decoded.detail, dataBase64: record.kinesis.data },
    ]);
    count(deps.metrics, 'none', 'FixesQuarantined', 1, decoded.reason);
    processLogger().warn('frame quarantined', { reason: decoded.reason, ...source });
    return riders;
  }
  const reportedAltitude = altitudesOf(decoded.frame);
  for (const [stage, fixes] of fixesByStage(deps, decoded.frame)) {
    count(deps.metrics, stage === undefined ? 'none' : String(stage), 'FixesIn', fixes.length);
    if (stage === undefined) {
      await quarantineFixes(deps, source, 'none', 'no-stage', fixes, 'no stage with a route on the fix date');
      continue;
    }
    const bibs = await processStage(deps, batchRiders, source, stage, fixes, reportedAltitude);
    riders.set(stage, new Set([...(riders.get(stage) ?? []), ...bibs]));
  }
  return riders;
}

/** A frame's fixes by the stage with a route they fall in; `undefined` holds the fixes of no such stage. */
function fixesByStage(deps: ProcessorDeps, frame: WireFrame): Map<number | undefined, RaceFix[]> {
  const byStage = new Map<number | undefined, RaceFix[]>();
  for (const fix of raceFixesOf(frame)) {
    const stage = deps.stageAt(fix.t);
    const key = stage === undefined || deps.stageContext(stage) === undefined ? undefined : stage;
    const group = byStage.get(key);
    if (group) group.push(fix);
    else byStage.set(key, [fix]);
  }
  return byStage;
}

/**
 * Loads, in one call per stage, every rider the batch's frames carry, so that the records do not each ask the store
 * for their own riders (one BatchGetItem per record would be most of the processor's reads).
 */
export async function prefetchRiders(
  deps: ProcessorDeps,
  frames: readonly DecodedRecord[],
  batchRiders: BatchRiderStates,
): Promise<void> {
  const bibsByStage = new Map<number, Set<number>>();
  for (const decoded of frames) {
    if (!decoded.ok) continue;
    for (const [stage, fixes] of fixesByStage(deps, decoded.frame)) {
      const context = stage === undefined ? undefined : deps.stageContext(stage);
      if (stage === undefined || context === undefined) continue;
      const bibs = bibsByStage.get(stage) ?? new Set<number>();
      bibsByStage.set(stage, bibs);
      for (const bib of ridersOf(fixes, context.directory)) bibs.add(bib);
    }
  }
  for (const [stage, bibs] of bibsByStage) await batchRiders.load(deps.stageContext(stage)!.key, [...bibs]);
}

/** Bibs of the riders whose live state a record moved, per stage (the handler counts them per batch). */
export type RidersByStage = Map<number, ReadonlySet<number>>;

/** Altitudes the trackers reported, keyed like `altitudeKey` (the engine's fixes do not carry them). */
function altitudesOf(frame: WireFrame): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of frame.fixes) if (f.alt !== undefined) out.set(altitudeKey(f.device, f.seq, f.t), f.alt);
  return out;
}

/** Writes history; tracks and rider state follow at the batch's end: a retry after a partial failure re-applies
 * idempotently. */
async function processStage(
  deps: ProcessorDeps,
  batchRiders: BatchRiderStates,
  source: Source,
  stage: number,
  fixes: RaceFix[],
  reportedAltitude: ReadonlyMap<string, number>,
): Promise<number[]> {
  const context = deps.stageContext(stage);
  if (context === undefined) return [];
  const stored = await batchRiders.load(context.key, ridersOf(fixes, context.directory));
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
  if (deps.history !== undefined && out.accepted.length > 0) {
    const rows = historyFixesOf(out.accepted, {
      route: context.route,
      teamOf: context.teamOf,
      reportedAltitude,
      stored,
    });
    const written = await deps.history.write(context.key, rows);
    count(deps.metrics, label, 'HistoryRecordsWritten', written.written);
    for (const { fix, reason } of written.refused) {
      processLogger().warn('history refused a fix', { reason, device: fix.device, tMs: fix.tMs, ...source });
    }
    if (written.refused.length > 0) {
      const refused = written.refused.map((r) => ({ ...r.fix, storeReason: r.reason }));
      await quarantineFixes(deps, source, label, 'history-rejected', refused, written.refused[0]!.reason);
    }
  }
  batchRiders.addPoints(context.key, out.points);
  batchRiders.update(context.key, out.riders);
  count(deps.metrics, label, 'FixesAccepted', out.accepted.length);
  count(deps.metrics, label, 'DuplicateFixes', duplicates);

  const newest = Math.max(...out.riders.map((r) => r.live.tMs));
  if (Number.isFinite(newest)) {
    const freshness = Math.max(0, deps.now() - newest);
    emitMetric(deps.metrics, label, 'FreshnessMilliseconds', freshness, { unit: MetricUnit.Milliseconds });
  }
  return out.riders.map((r) => r.bib);
}

async function quarantineFixes(
  deps: ProcessorDeps,
  source: Source,
  stage: string,
  reason: QuarantineReason,
  fixes: readonly object[],
  detail: string,
): Promise<void> {
  const dataBase64 = Buffer.from(JSON.stringify(fixes)).toString('base64');
  await deps.quarantine.put([{ ...source, reason, detail, dataBase64 }]);
  count(deps.metrics, stage, 'FixesQuarantined', fixes.length, reason);
}

/** Emits a count with the `Stage` (and `Reason`) dimensions. */
export function count(metrics: Metrics, stage: string, name: string, value: number, reason?: string): void {
  emitMetric(metrics, stage, name, value, { reason });
}
