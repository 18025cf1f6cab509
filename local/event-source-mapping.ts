import type { Context } from 'aws-lambda';
import { localLambdaContext } from './lambda-context';
import { ShardPoller, type ShardReader } from './shard-poller';
import {
  deliverBatch,
  type BatchPolicy,
  type GivenUpBatch,
  type InvokeResult,
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

/** A running event source mapping: one poller per shard. */
export interface EventSourceMapping {
  stats(): MappingStats;
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
  let recordsFiltered = 0;
  let invocations = 0;
  let givenUpRecords = 0;
  let lastIteratorAgeMillis = 0;
  let invokeMillis = 0;
  const pollers = readers.map(
    (reader) =>
      new ShardPoller<R>(
        reader,
        policy,
        async (records) => {
          const passing = target.filter ? records.filter(target.filter) : records;
          recordsFiltered += records.length - passing.length;
          if (passing.length === 0) return;
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
            target.onFailure(reader.shardId),
            policy,
          );
          invocations += report.invocations;
          recordsDelivered += report.processedRecords;
          givenUpRecords += report.givenUpRecords;
          const newest = passing[passing.length - 1];
          if (newest) lastIteratorAgeMillis = Date.now() - newest.arrivalMs;
        },
        { idlePollMillis },
      ),
  );
  const done = Promise.all(pollers.map((p) => p.start())).then(() => undefined);
  return {
    stats: () => ({
      recordsRead: pollers.reduce((sum, p) => sum + p.recordsRead, 0),
      recordsDelivered,
      recordsFiltered,
      invocations,
      givenUpRecords,
      lastIteratorAgeMillis,
      invokeMillis,
    }),
    stop: async () => {
      await Promise.all(pollers.map((p) => p.stop()));
    },
    done,
  };
}
