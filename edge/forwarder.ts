import type { BackoffOptions } from './backoff';
import type { RelayClock } from './clock';
import { buildFrameRecords, chunkIntoCalls, type FrameOptions } from './frames';
import type { FixPublisher } from './publisher';
import type { RelayLogger } from './relay-logger';
import type { RelayStats } from './relay-stats';
import { sendWithRetry, type SendOutcome } from './send-with-retry';
import type { Spool, SpoolEntry } from './spool';

/** How long the live lane waits for more fixes before sending, ms: frames span ≤ ~1 s (DESIGN §6). */
export const DEFAULT_LINGER_MILLIS = 500;

/** How the forwarder drains the spool into Kinesis. */
export interface ForwarderOptions {
  readonly spool: Spool;
  readonly publisher: FixPublisher;
  readonly frames: FrameOptions;
  readonly clock: RelayClock;
  readonly random: () => number;
  readonly logger: RelayLogger;
  readonly stats: RelayStats;
  readonly backoff?: BackoffOptions;
  /** How long the live lane waits for more fixes before sending, ms. @default DEFAULT_LINGER_MILLIS */
  readonly lingerMillis?: number;
  /** A live batch still unsent after this age is handed to the backfill lane, ms. @default 5000 */
  readonly liveMaxLagMillis?: number;
  /** Spool records the backfill lane sends per step. @default 2000 */
  readonly backfillMaxRecords?: number;
  /** How often an idle lane looks for new records, ms. @default 20 */
  readonly pollMillis?: number;
}

/**
 * Sends spooled fixes to Kinesis in two lanes (docs/edge-relay.md): the LIVE lane sends what was appended since it
 * last caught up, newest data first after an outage; the BACKFILL lane drains everything behind the live lane in full
 * frames. A record is complete once Kinesis stored all its fixes; the ack cursor advances over complete records only.
 */
export class Forwarder {
  private livePosition: number;
  private backfillPosition: number;
  /** Completed spool ranges not yet covered by the ack cursor: start → end. */
  private readonly completed = new Map<number, number>();
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;

  constructor(private readonly options: ForwarderOptions) {
    this.livePosition = options.spool.end;
    this.backfillPosition = options.spool.ackedPosition;
  }

  /** Starts both lanes; `stop` ends them. */
  start(): void {
    this.running ??= Promise.all([this.liveLane(), this.backfillLane()]).then(() => undefined);
  }

  /** Stops both lanes after their current call; unsent records stay in the spool. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  /** Spool bytes behind the live lane that the backfill lane has not yet sent. */
  get backlogBytes(): number {
    return Math.max(0, this.livePosition - this.backfillPosition);
  }

  private async liveLane(): Promise<void> {
    const { spool, clock } = this.options;
    const linger = this.options.lingerMillis ?? DEFAULT_LINGER_MILLIS;
    const maxLag = this.options.liveMaxLagMillis ?? 5_000;
    const fullBatch = (this.options.frames.maxFixesPerFrame ?? 500) * this.options.frames.buckets;
    while (!this.abort.signal.aborted) {
      const entries = spool.read(this.livePosition, 256);
      const first = entries[0];
      if (!first) {
        await this.idle();
        continue;
      }
      const age = clock.now() - first.payload.at;
      if (age > maxLag) {
        this.handOff('stale');
        continue;
      }
      if (age < linger && fixCount(entries) < fullBatch) {
        await clock.sleep(linger - age, this.abort.signal);
        continue;
      }
      const from = this.livePosition;
      const outcome = await this.send(entries, 'live', () => clock.now() - first.payload.at > maxLag);
      if (outcome === 'stopped') return;
      if (outcome === 'sent') {
        this.complete(from, entries);
        this.livePosition = entries.at(-1)?.next ?? this.livePosition;
      } else {
        this.handOff('unsent');
      }
    }
  }

  /** Leaves everything behind the spool end to the backfill lane, so the live lane only ever sends fresh fixes. */
  private handOff(reason: 'stale' | 'unsent'): void {
    const from = this.livePosition;
    this.livePosition = this.options.spool.end;
    this.options.logger.info('live lane handed backlog to backfill', { reason, from, to: this.livePosition });
  }

  private async backfillLane(): Promise<void> {
    const maxRecords = this.options.backfillMaxRecords ?? 2_000;
    while (!this.abort.signal.aborted) {
      const limit = this.livePosition;
      const entries =
        limit > this.backfillPosition ? this.options.spool.read(this.backfillPosition, maxRecords, limit) : [];
      if (entries.length === 0) {
        if (limit > this.backfillPosition) {
          this.completed.set(this.backfillPosition, limit); // nothing readable before the live lane: a corrupt segment's hole
          this.backfillPosition = limit;
          this.advanceAck();
        }
        await this.idle();
        continue;
      }
      const unsent = entries.filter((e) => !this.completed.has(e.position));
      const outcome = unsent.length > 0 ? await this.send(unsent, 'backfill') : 'sent';
      if (outcome !== 'sent') return;
      this.complete(this.backfillPosition, entries);
      this.backfillPosition = entries.at(-1)?.next ?? this.backfillPosition;
    }
  }

  private async send(
    entries: readonly SpoolEntry[],
    lane: string,
    shouldAbandon?: () => boolean,
  ): Promise<SendOutcome> {
    const fixes = entries.flatMap((e) => e.payload.fixes);
    const records = buildFrameRecords(fixes, this.options.clock.now(), this.options.frames);
    for (const call of chunkIntoCalls(records)) {
      const outcome = await sendWithRetry(call, {
        ...this.options,
        signal: this.abort.signal,
        lane,
        ...(shouldAbandon && { shouldAbandon }),
      });
      if (outcome !== 'sent') return outcome;
    }
    return 'sent';
  }

  /** Marks entries read from `from` complete, including any hole a corrupt segment left before or between them. */
  private complete(from: number, entries: readonly SpoolEntry[]): void {
    let previous = from;
    for (const entry of entries) {
      if (entry.position > previous) this.completed.set(previous, entry.position);
      this.completed.set(entry.position, entry.next);
      previous = entry.next;
    }
    this.advanceAck();
  }

  private advanceAck(): void {
    const { spool } = this.options;
    let position = spool.ackedPosition;
    for (let next = this.completed.get(position); next !== undefined; next = this.completed.get(position)) {
      this.completed.delete(position);
      position = next;
    }
    if (position > spool.ackedPosition) spool.ack(position);
  }

  private idle(): Promise<void> {
    return this.options.clock.sleep(this.options.pollMillis ?? 20, this.abort.signal);
  }
}

function fixCount(entries: readonly SpoolEntry[]): number {
  return entries.reduce((sum, e) => sum + e.payload.fixes.length, 0);
}
