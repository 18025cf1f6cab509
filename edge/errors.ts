import { TourTrackerError } from '../core/errors';

/** The spool has reached its disk bound: the record was NOT written and the caller must hold it (DESIGN §2). */
export class SpoolFullError extends TourTrackerError {
  constructor(usedBytes: number, maxBytes: number) {
    super(`spool must stay under ${maxBytes} bytes, ${usedBytes} bytes are unacknowledged`);
    this.name = 'SpoolFullError';
  }
}

/** A spool directory or file could not be read or written (disk fault, permissions). */
export class SpoolIoError extends TourTrackerError {
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = 'SpoolIoError';
  }
}

/** Kinesis refused the whole PutRecords call or could not be reached; the batch is retried later. */
export class PublishUnavailableError extends TourTrackerError {
  /** True when the service said "slow down" (throttling) rather than "unreachable". */
  readonly throttled: boolean;
  constructor(message: string, throttled: boolean, cause?: unknown) {
    super(message, { cause });
    this.name = 'PublishUnavailableError';
    this.throttled = throttled;
  }
}

/** A relay option is out of range; the message names the option, the rule and the value received. */
export class RelayConfigError extends TourTrackerError {
  constructor(message: string) {
    super(message);
    this.name = 'RelayConfigError';
  }
}
