import { TourTrackerError } from '../../core/errors';

/** A record not tried because an earlier record of its batch failed; it is retried after that one. */
export class EarlierRecordFailedError extends TourTrackerError {
  constructor(options?: { cause?: unknown }) {
    super('not processed: an earlier record of the batch failed and is retried first', options);
    this.name = 'EarlierRecordFailedError';
  }
}
