import { quarantineKeyOf, type QuarantinedRecord, type QuarantineSink } from '../../../core/ports/quarantine-sink';
import { FaultQueue } from './faults';

/** In-memory `QuarantineSink`: records keyed like the S3 objects, so a retry overwrites. */
export class MemoryQuarantineSink implements QuarantineSink {
  /** Faults thrown by the next calls. */
  readonly faults = new FaultQueue();
  /** Quarantined records by object key. */
  readonly objects = new Map<string, QuarantinedRecord>();

  put(records: readonly QuarantinedRecord[]): Promise<void> {
    this.faults.check();
    for (const record of records) this.objects.set(quarantineKeyOf(record), { ...record });
    return Promise.resolve();
  }
}
