import { PublishUnavailableError } from './errors';
import type { FixPublisher, PublishRecord, PublishResult } from './publisher';

/** Decides, per call, whether the whole call fails or which record indexes fail (for fault injection). */
export type PublishFault = (
  call: number,
  records: readonly PublishRecord[],
) => 'unavailable' | 'throttled' | readonly number[];

/**
 * In-memory FixPublisher with the PutRecords semantics the forwarder relies on: accepted records are kept in order,
 * refused ones are reported by index. Used by unit tests and for dry runs (`relay --dry-run`).
 */
export class MemoryFixPublisher implements FixPublisher {
  /** Every record accepted, in the order accepted. */
  readonly stored: PublishRecord[] = [];
  /** Every call's records, accepted or not. */
  readonly calls: PublishRecord[][] = [];

  constructor(private readonly fault: PublishFault = () => []) {}

  /** Stores the records the fault function lets through. */
  async publish(records: readonly PublishRecord[]): Promise<PublishResult> {
    const call = this.calls.push([...records]);
    const fault = this.fault(call, records);
    if (fault === 'unavailable') throw new PublishUnavailableError('memory publisher unavailable', false);
    if (fault === 'throttled') throw new PublishUnavailableError('memory publisher throttled', true);
    const failing = new Set(fault);
    records.forEach((record, index) => {
      if (!failing.has(index)) this.stored.push(record);
    });
    return {
      failed: [...failing].map((index) => ({
        index,
        errorCode: 'ProvisionedThroughputExceededException',
        throttled: true,
      })),
    };
  }
}
