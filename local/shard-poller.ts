import type { BatchPolicy, StreamRecordRef } from './stream-batches';

/** One shard of a stream, as a poller reads it (Kinesis and DynamoDB Streams implement it). */
export interface ShardReader<R extends StreamRecordRef> {
  readonly shardId: string;
  /** The first shard iterator (TRIM_HORIZON or LATEST). */
  openIterator(): Promise<string>;
  /** One GetRecords call; `nextIterator` is undefined once a closed shard is exhausted. */
  getRecords(iterator: string): Promise<{ records: R[]; nextIterator: string | undefined }>;
}

/** How often an idle shard is polled, ms. */
export interface ShardPollerTiming {
  readonly idlePollMillis: number;
}

/**
 * Polls one shard like an event source mapping does: reads with GetRecords, gathers records until a batch is full
 * or the batching window has passed since the first one, and hands each batch to `deliver`, which returns only when
 * the batch is done (retries included), so batches of a shard are delivered one at a time and in order.
 * `stop()` ends the loop after the current call; records already read but not delivered are left for a restart.
 */
export class ShardPoller<R extends StreamRecordRef> {
  private stopped = false;
  private running: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** Records read from the shard so far. */
  recordsRead = 0;
  /** Records the filter dropped before batching. */
  recordsFiltered = 0;
  /** Error of the last failed GetRecords call, if the poller is retrying. */
  lastReadError: unknown;
  /** Wall ms when the shard last moved on: a batch was done, or the poller had read everything there was. */
  lastProgressAt = Date.now();
  /** Records read and not yet done: buffered, or in the batch being delivered. */
  pendingRecords = 0;

  constructor(
    private readonly reader: ShardReader<R>,
    private readonly policy: Pick<BatchPolicy, 'batchSize' | 'batchingWindowMillis'>,
    private readonly deliver: (records: readonly R[]) => Promise<void>,
    private readonly timing: ShardPollerTiming,
    /** Lambda's filter criteria, applied before records are batched: a batch holds up to `batchSize` passing records. */
    private readonly filter?: (record: R) => boolean,
  ) {}

  /** Starts polling; the returned promise settles when the poller stops (or rejects on an unexpected error). */
  start(): Promise<void> {
    this.running ??= this.loop();
    return this.running;
  }

  /** Stops after the current call and waits for the loop to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    let iterator: string | undefined = await this.reader.openIterator();
    const buffer: R[] = [];
    let firstBufferedAt = 0;
    while (!this.stopped) {
      let read = 0;
      if (iterator !== undefined) {
        try {
          const page = await this.reader.getRecords(iterator);
          iterator = page.nextIterator;
          read = page.records.length;
          this.lastReadError = undefined;
          const passing = this.filter ? page.records.filter(this.filter) : page.records;
          if (passing.length > 0 && buffer.length === 0) firstBufferedAt = Date.now();
          buffer.push(...passing);
          this.recordsRead += read;
          this.recordsFiltered += read - passing.length;
          this.pendingRecords = buffer.length;
          if (read === 0 && buffer.length === 0) this.lastProgressAt = Date.now();
        } catch (error) {
          // A local moto hiccup (e.g. a timeout under load) is retried with the same iterator, like the service does.
          this.lastReadError = error;
        }
      }
      const windowPassed = buffer.length > 0 && Date.now() - firstBufferedAt >= this.policy.batchingWindowMillis;
      if (buffer.length >= this.policy.batchSize || windowPassed || (iterator === undefined && buffer.length > 0)) {
        await this.deliver(buffer.splice(0, this.policy.batchSize));
        this.pendingRecords = buffer.length;
        this.lastProgressAt = Date.now();
        // Records left over from a full batch are due at once, as Lambda invokes again while the shard has data.
        firstBufferedAt = buffer.length > 0 ? 0 : Date.now();
        continue;
      }
      if (iterator === undefined && buffer.length === 0) return;
      const untilWindow =
        buffer.length > 0 ? firstBufferedAt + this.policy.batchingWindowMillis - Date.now() : Infinity;
      if (read === 0 || untilWindow < this.timing.idlePollMillis) {
        await this.pause(Math.max(1, Math.min(this.timing.idlePollMillis, untilWindow)));
      }
    }
  }

  private pause(millis: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, millis);
      this.wake = done;
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    });
  }
}
