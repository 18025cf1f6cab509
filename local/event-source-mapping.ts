import type { Context } from 'aws-lambda';
import { localLambdaContext } from './lambda-context';
import { ShardPoller, type ShardReader } from './shard-poller';
import { processLogger } from '../lambdas/shared/powertools';
import {
  deliverBatch,
  type BatchPolicy,
  type GivenUpBatch,
  type InvokeResult,
  type RetryNotice,
  type StreamRecordRef,
} from './stream-batches';

/** Figures of a running mapping, for the status line and tests. */
export interface MappingStats {
  readonly recordsRead: number;
  readonly recordsDelivered: number;
  readonly recordsFiltered: number;
  readonly invocations: number;
  readonly givenUpRecords: number;
  /** Wall time from the newest delivered record's arrival in the stream to the end of its invocation, ms. */
  readonly lastIteratorAgeMillis: number;
  /** Wall time spent in invocations (retries included), ms. */
  readonly invokeMillis: number;
}

/** How one shard of a mapping is doing, for the status line, the stall watch and tests. */
export interface ShardHealth {
  readonly shardId: string;
  /** Records read from the shard and not yet done (buffered, or in the batch being delivered). */
  readonly pendingRecords: number;
  /** Wall ms since the shard last moved on (a batch done, or everything read); grows while it is held. */
  readonly sinceProgressMillis: number;
  /** The batch being retried now, or undefined. */
  readonly retry?: RetryNotice;
  /** The error of the last failed GetRecords, while reads fail. */
  readonly readError?: unknown;
}

/** A running event source mapping: one poller per shard. */
export interface EventSourceMapping {
  stats(): MappingStats;
  /** Every shard's health, now. */
  health(): readonly ShardHealth[];
  stop(): Promise<void>;
  /** Settles when every poller has ended; rejects with the first unexpected poller error. */
  readonly done: Promise<void>;
}

/** The function side of a mapping: how to invoke it with a batch of one shard. */
export interface MappingTarget<R extends StreamRecordRef> {
  readonly functionName: string;
  /** Invokes the function with the batch (in the source's event shape) and returns the failures it reported. */
  invoke(records: readonly R[], shardId: string, context: Context): Promise<InvokeResult>;
  /** The on-failure destination of one shard. */
  onFailure(shardId: string): (batch: GivenUpBatch<R>) => Promise<void>;
  /** Lambda's filter criteria: records it rejects are skipped (checkpointed) without an invocation. @default all pass */
  readonly filter?: (record: R) => boolean;
}

/** Starts one poller per shard reader, delivering batches to `target` with `policy`. */
export function startEventSourceMapping<R extends StreamRecordRef>(
  readers: readonly ShardReader<R>[],
  target: MappingTarget<R>,
  policy: BatchPolicy,
  idlePollMillis: number,
): EventSourceMapping {
  let recordsDelivered = 0;
  let invocations = 0;
  let givenUpRecords = 0;
  let lastIteratorAgeMillis = 0;
  let invokeMillis = 0;
  const retrying = new Map<string, RetryNotice>();
  const logger = processLogger();
  const pollers = readers.map(
    (reader) =>
      new ShardPoller<R>(
        reader,
        policy,
        async (passing) => {
          const report = await deliverBatch(
            passing,
            async (batch) => {
              const started = performance.now();
              try {
                return await target.invoke(batch, reader.shardId, localLambdaContext(target.functionName));
              } finally {
                invokeMillis += performance.now() - started;
              }
            },
            async (batch) => {
              logger.error('batch given up to the on-failure destination', {
                mapping: target.functionName,
                shard: reader.shardId,
                condition: batch.condition,
                records: batch.records.length,
                firstSequenceNumber: batch.records[0]?.sequenceNumber,
                lastSequenceNumber: batch.records.at(-1)?.sequenceNumber,
                attempts: batch.invokeCount,
                error: errorName(batch.lastError),
              });
              await target.onFailure(reader.shardId)(batch);
            },
            policy,
            Date.now,
            (notice) => {
              retrying.set(reader.shardId, notice);
              logger.warn('batch retried', {
                mapping: target.functionName,
                shard: reader.shardId,
                attempt: notice.attempt,
                records: notice.records,
                ...(notice.error !== undefined
                  ? { error: errorName(notice.error), message: errorMessage(notice.error) }
                  : { reportedFailures: notice.reportedFailures }),
              });
            },
          );
          retrying.delete(reader.shardId);
          invocations += report.invocations;
          recordsDelivered += report.processedRecords;
          givenUpRecords += report.givenUpRecords;
          const newest = passing[passing.length - 1];
          if (newest) lastIteratorAgeMillis = Date.now() - newest.arrivalMs;
        },
        { idlePollMillis },
        target.filter,
      ),
  );
  const done = Promise.all(pollers.map((p) => p.start())).then(() => undefined);
  return {
    stats: () => ({
      recordsRead: pollers.reduce((sum, p) => sum + p.recordsRead, 0),
      recordsDelivered,
      recordsFiltered: pollers.reduce((sum, p) => sum + p.recordsFiltered, 0),
      invocations,
      givenUpRecords,
      lastIteratorAgeMillis,
      invokeMillis,
    }),
    health: () => {
      const now = Date.now();
      return pollers.map((p, i) => {
        const shardId = readers[i]!.shardId;
        const retry = retrying.get(shardId);
        return {
          shardId,
          pendingRecords: p.pendingRecords,
          sinceProgressMillis: now - p.lastProgressAt,
          ...(retry && { retry }),
          ...(p.lastReadError !== undefined && { readError: p.lastReadError }),
        };
      });
    },
    stop: async () => {
      await Promise.all(pollers.map((p) => p.stop()));
    },
    done,
  };
}

/** The class name of a thrown value (`StoreThrottledError`), for logs and the status line. */
export function errorName(error: unknown): string | undefined {
  if (error === undefined) return undefined;
  return error instanceof Error ? error.name : typeof error;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
