import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import type { HistoryWriter } from '../../core/ports/history-store';
import { MemoryQuarantineSink } from '../../lambdas/adapters/memory/quarantine-sink';
import { MemoryRiderStateStore } from '../../lambdas/adapters/memory/rider-state-store';
import { MemoryTrackStore } from '../../lambdas/adapters/memory/track-store';
import { trackBucketOf, type TrackStore } from '../../core/ports/track-store';
import { makeProcessorDeps } from '../../lambdas/processor/deps';
import { loadProcessorEnv } from '../../lambdas/processor/env';
import { createProcessorHandler } from '../../lambdas/processor/handler';
import type { WireFrame } from '../../core/wire/wire-frame';
import { kinesisEventRecord } from '../kinesis-mapping';
import { invokeHandler, localLambdaContext } from '../lambda-context';
import { fixKey } from './mesh-faults';
import { FaultSuiteError } from './errors';
import { quarantinedCount } from './read-back';

/** What the processor stores when the same fixes reach it once, in order, with nothing going wrong. */
export interface ReferenceStores {
  /** History keys (`fixKey`: device and tracker time). */
  readonly history: ReadonlySet<string>;
  /** Track buckets, `bib@bucketStartMs`. */
  readonly trackBuckets: ReadonlySet<string>;
  /** Fixes the engine refused, by reason (the same reasons a faulty run may quarantine legitimately). */
  readonly refused: ReadonlyMap<string, number>;
}

/** Records per reference invocation (the mapping's batch size does not change what is stored). */
const BATCH_RECORDS = 100;

/** Key of a track bucket. */
export function trackBucketKey(bib: number, tMs: number): string {
  return `${bib}@${trackBucketOf(tMs)}`;
}

/**
 * Runs the real processor handler, built from the same environment as the scenario's, on in-memory stores over
 * `frames` (each once, in order): what it stores is what the faulty run must end up with. The fault suite measures
 * the pipeline's delivery and storage under faults, so the engine's own verdicts (duplicates, inactive devices)
 * come from the same code on both sides.
 */
export async function referenceStores(
  env: Record<string, string>,
  frames: readonly WireFrame[],
): Promise<ReferenceStores> {
  const history = new Set<string>();
  const trackBuckets = new Set<string>();
  const memoryTracks = new MemoryTrackStore();
  const quarantine = new MemoryQuarantineSink();
  const historyWriter: HistoryWriter = {
    write: (_stage, fixes) => {
      for (const f of fixes) history.add(fixKey(f.device, f.tMs));
      return Promise.resolve({ written: fixes.length, duplicates: 0, refused: [] });
    },
  };
  const tracks: TrackStore = {
    append: (stage, points) => {
      for (const p of points) trackBuckets.add(trackBucketKey(p.bib, p.tMs));
      return memoryTracks.append(stage, points);
    },
    appendNewBuckets: (stage, points) => {
      for (const p of points) trackBuckets.add(trackBucketKey(p.bib, p.tMs));
      return memoryTracks.appendNewBuckets(stage, points);
    },
    track: (stage, bib) => memoryTracks.track(stage, bib),
  };
  const deps = {
    ...makeProcessorDeps(loadProcessorEnv(env)),
    riderStates: new MemoryRiderStateStore(),
    tracks,
    quarantine,
    history: historyWriter,
  };
  const handler = createProcessorHandler(deps);
  const streamArn = 'arn:aws:kinesis:eu-west-1:123456789012:stream/reference';
  for (let i = 0; i < frames.length; i += BATCH_RECORDS) {
    const event: KinesisStreamEvent = {
      Records: frames.slice(i, i + BATCH_RECORDS).map((frame, k) =>
        kinesisEventRecord(
          {
            data: Buffer.from(JSON.stringify(frame)),
            sequenceNumber: String(i + k),
            partitionKey: 'reference',
            arrivalMs: frame.sentAt,
          },
          'shardId-000000000000',
          streamArn,
          'reference',
        ),
      ),
    };
    const response = (await invokeHandler(handler, event, localLambdaContext('reference'))) as
      KinesisStreamBatchResponse | undefined;
    if ((response?.batchItemFailures.length ?? 0) > 0)
      throw new FaultSuiteError('the reference processor reported failures');
  }
  const refused = new Map<string, number>();
  for (const record of quarantine.objects.values())
    refused.set(record.reason, (refused.get(record.reason) ?? 0) + quarantinedCount(record));
  return { history, trackBuckets, refused };
}
