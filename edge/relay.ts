import type { BackoffOptions } from './backoff';
import { systemClock, type RelayClock } from './clock';
import { Forwarder } from './forwarder';
import { Intake } from './intake';
import type { FixPublisher } from './publisher';
import type { RelayLogger } from './relay-logger';
import { RelayStats } from './relay-stats';
import { consumeFile, listenTcp, type TcpListener } from './sources';
import { Spool, type FsyncPolicy } from './spool';
import { relayStatus, type RelayStatus } from './status';
import type { DeviceBuckets } from '../core/wire/partition';

/** Everything the relay is built from; the publisher is injected (Kinesis in the truck, memory in tests). */
export interface RelayOptions {
  readonly spoolDir: string;
  readonly publisher: FixPublisher;
  readonly logger: RelayLogger;
  /** The relay's id, written into every frame. */
  readonly gateway: string;
  /** Device buckets = distinct partition keys; ≥ shards × parallelization factor (DESIGN §9). */
  readonly buckets: number;
  /** The bucket of each device (`ownerDeviceBuckets(tour devices, buckets)`). @default hashedDeviceBuckets */
  readonly deviceBuckets?: DeviceBuckets;
  readonly fsync?: FsyncPolicy;
  readonly maxSpoolBytes?: number;
  readonly segmentBytes?: number;
  readonly lingerMillis?: number;
  readonly liveMaxLagMillis?: number;
  /** How often an idle lane looks for new records, ms (ForwarderOptions). */
  readonly pollMillis?: number;
  readonly backoff?: BackoffOptions;
  /** @default systemClock */
  readonly clock?: RelayClock;
  /** @default Math.random */
  readonly random?: () => number;
}

/** The edge relay in the race truck (issue 8): intake → spool → two-lane forwarder → Kinesis. */
export class Relay {
  readonly spool: Spool;
  readonly stats = new RelayStats();
  readonly intake: Intake;
  readonly forwarder: Forwarder;
  private readonly clock: RelayClock;
  private readonly abort = new AbortController();
  private readonly listeners: TcpListener[] = [];

  constructor(private readonly options: RelayOptions) {
    this.clock = options.clock ?? systemClock;
    this.spool = Spool.open({
      dir: options.spoolDir,
      logger: options.logger,
      ...(options.fsync && { fsync: options.fsync }),
      ...(options.maxSpoolBytes !== undefined && { maxBytes: options.maxSpoolBytes }),
      ...(options.segmentBytes !== undefined && { segmentBytes: options.segmentBytes }),
    });
    this.intake = new Intake({
      spool: this.spool,
      stats: this.stats,
      logger: options.logger,
      clock: this.clock,
      signal: this.abort.signal,
    });
    this.forwarder = new Forwarder({
      spool: this.spool,
      publisher: options.publisher,
      frames: {
        gateway: options.gateway,
        buckets: options.buckets,
        ...(options.deviceBuckets && { deviceBuckets: options.deviceBuckets }),
      },
      clock: this.clock,
      random: options.random ?? Math.random,
      logger: options.logger,
      stats: this.stats,
      ...(options.lingerMillis !== undefined && { lingerMillis: options.lingerMillis }),
      ...(options.liveMaxLagMillis !== undefined && { liveMaxLagMillis: options.liveMaxLagMillis }),
      ...(options.pollMillis !== undefined && { pollMillis: options.pollMillis }),
      ...(options.backoff && { backoff: options.backoff }),
    });
  }

  /** Starts forwarding what the spool holds (a restart resumes from the ack cursor). */
  start(): void {
    this.options.logger.info('relay started', {
      spool: this.options.spoolDir,
      acked: this.spool.ackedPosition,
      end: this.spool.end,
    });
    this.forwarder.start();
  }

  /** Listens for mesh gateways on 127.0.0.1; returns the bound port. */
  async listen(port: number): Promise<number> {
    const listener = await listenTcp(port, this.intake, this.options.logger);
    this.listeners.push(listener);
    return listener.port;
  }

  /** Replays a file or stdin (`-`); resolves when it has all been spooled. */
  replay(path: string): Promise<void> {
    return consumeFile(path, this.intake);
  }

  /** True when every spooled fix has been acknowledged by Kinesis. */
  get drained(): boolean {
    return this.spool.ackedPosition >= this.spool.end;
  }

  /** The status now. */
  status(): RelayStatus {
    return relayStatus(this.spool, this.forwarder, this.stats, this.clock.now());
  }

  /** Closes listeners, stops the lanes after their current call, and closes the spool. */
  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.listeners.map((l) => l.close()));
    await this.forwarder.stop();
    this.spool.close();
    this.options.logger.info('relay stopped', { acked: this.spool.ackedPosition, end: this.spool.end });
  }
}
