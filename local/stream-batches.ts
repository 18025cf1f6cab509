/**
 * The error handling of a Lambda event source mapping on a stream (Kinesis or DynamoDB Streams), for local mode:
 * partial batch responses, bisection on error, retry attempts, maximum record age and the on-failure destination.
 * AWS does this for us in the cloud and no library emulates it, so it is written here once for both pollers.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html
 */

/** What the mapping needs to know of a stream record. */
export interface StreamRecordRef {
  /** Its sequence number in the shard; `batchItemFailures[].itemIdentifier` names records by it. */
  readonly sequenceNumber: string;
  /** When the stream received it, epoch ms: the age `maxRecordAgeMillis` is measured from. */
  readonly arrivalMs: number;
}

/** The mapping's settings, named as in the CDK event sources (lib/constructs/processing.ts). */
export interface BatchPolicy {
  /** Records per invocation. */
  readonly batchSize: number;
  /** How long the poller gathers records before invoking with a partial batch, ms. */
  readonly batchingWindowMillis: number;
  /** Split a batch in two when the function throws, and retry the halves one after the other. */
  readonly bisectOnError: boolean;
  /** Retries of a failing batch before it goes to the on-failure destination; -1 = until the records expire. */
  readonly retryAttempts: number;
  /** Records older than this go to the on-failure destination instead of being retried, ms; -1 = never. */
  readonly maxRecordAgeMillis: number;
  /** Wait before a retry, ms (Lambda retries at once; a small pause keeps a failing local store from spinning). */
  readonly retryDelayMillis: number;
}

/** The function's answer to one invocation: the records it reported as failed (empty = all processed). */
export interface InvokeResult {
  readonly failedSequenceNumbers: readonly string[];
}

/** Why records were given up on; the values of the on-failure record's `requestContext.condition`. */
export type GiveUpCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

/** Records the mapping gave up on, for the on-failure destination. */
export interface GivenUpBatch<R extends StreamRecordRef> {
  readonly records: readonly R[];
  readonly condition: GiveUpCondition;
  /** Invocations that included these records. */
  readonly invokeCount: number;
  /** The last error the function threw, or `undefined` when it reported failures instead. */
  readonly lastError?: unknown;
}

/** What delivering a batch did. */
export interface DeliveryReport {
  readonly invocations: number;
  readonly processedRecords: number;
  readonly givenUpRecords: number;
}

/** A range about to be invoked again, and why: what the status line and the log say about a batch being retried. */
export interface RetryNotice {
  /** Invocations of these records so far (1 before the first retry). */
  readonly attempt: number;
  /** Records in the range to be retried. */
  readonly records: number;
  /** The error the function threw, or undefined when it reported failed records. */
  readonly error?: unknown;
  /** Records the function reported failed in its last invocation (partial batch response). */
  readonly reportedFailures?: number;
}

interface PendingRange<R> {
  readonly records: readonly R[];
  readonly attempts: number;
}

/**
 * Delivers one batch with the mapping's semantics and resolves once every record is either processed or handed to
 * `giveUp`; like Lambda, the shard waits meanwhile, so the order of records is kept.
 * - the function throws: the whole range failed; with `bisectOnError` it is split and the halves retried in order;
 * - it reports `batchItemFailures`: the checkpoint moves to just before the first failed record and the rest of the
 *   range (from that record on) is retried; an identifier that names no record of the batch fails the whole range;
 * - a range whose retries exceed `retryAttempts`, or whose oldest record is older than `maxRecordAgeMillis`, goes to
 *   `giveUp` and the mapping moves past it. Halves keep their parent's attempt count, so a poison record is
 *   isolated by bisection and then dead-lettered after `retryAttempts` invocations in all.
 */
export async function deliverBatch<R extends StreamRecordRef>(
  records: readonly R[],
  invoke: (records: readonly R[]) => Promise<InvokeResult>,
  giveUp: (batch: GivenUpBatch<R>) => Promise<void>,
  policy: BatchPolicy,
  nowMs: () => number = Date.now,
  onRetry?: (notice: RetryNotice) => void,
): Promise<DeliveryReport> {
  const pending: PendingRange<R>[] = records.length > 0 ? [{ records, attempts: 0 }] : [];
  let invocations = 0;
  let processedRecords = 0;
  let givenUpRecords = 0;
  while (pending.length > 0) {
    const range = pending.shift() as PendingRange<R>;
    const oldest = Math.min(...range.records.map((r) => r.arrivalMs));
    if (policy.maxRecordAgeMillis >= 0 && nowMs() - oldest > policy.maxRecordAgeMillis) {
      await giveUp({ records: range.records, condition: 'RecordAgeExceeded', invokeCount: range.attempts });
      givenUpRecords += range.records.length;
      continue;
    }
    if (range.attempts > 0 && policy.retryDelayMillis > 0) await sleep(policy.retryDelayMillis);
    invocations++;
    let failedFrom: number;
    let thrown = false;
    let lastError: unknown;
    let reportedFailures = 0;
    try {
      const result = await invoke(range.records);
      failedFrom = firstFailedIndex(range.records, result.failedSequenceNumbers);
      reportedFailures = result.failedSequenceNumbers.length;
    } catch (error) {
      thrown = true;
      lastError = error;
      failedFrom = 0;
    }
    if (failedFrom === range.records.length) {
      processedRecords += range.records.length;
      continue;
    }
    processedRecords += failedFrom;
    const remaining = range.records.slice(failedFrom);
    const attempts = range.attempts + 1;
    if (policy.retryAttempts >= 0 && attempts > policy.retryAttempts) {
      await giveUp({ records: remaining, condition: 'RetryAttemptsExhausted', invokeCount: attempts, lastError });
      givenUpRecords += remaining.length;
      continue;
    }
    onRetry?.({
      attempt: attempts,
      records: remaining.length,
      ...(thrown ? { error: lastError } : { reportedFailures }),
    });
    if (thrown && policy.bisectOnError && remaining.length > 1) {
      const half = Math.ceil(remaining.length / 2);
      pending.unshift({ records: remaining.slice(0, half), attempts }, { records: remaining.slice(half), attempts });
    } else {
      pending.unshift({ records: remaining, attempts });
    }
  }
  return { invocations, processedRecords, givenUpRecords };
}

/** Index of the first reported record, `records.length` when none failed, 0 when an identifier is unknown. */
function firstFailedIndex(records: readonly StreamRecordRef[], failed: readonly string[]): number {
  if (failed.length === 0) return records.length;
  let first = records.length;
  for (const id of failed) {
    const index = records.findIndex((r) => r.sequenceNumber === id);
    if (index < 0) return 0;
    first = Math.min(first, index);
  }
  return first;
}

function sleep(millis: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, millis));
}
