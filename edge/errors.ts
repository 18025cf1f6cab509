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

/** The spool's own bookkeeping is inconsistent (no segment open to write to): a fault in the spool, not the disk. */
export class SpoolStateError extends TourTrackerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SpoolStateError';
  }
}

/** A replay ended before every record was sent: its signal stopped it, or Kinesis refused records too often. */
export class ReplayIncompleteError extends TourTrackerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReplayIncompleteError';
  }
}

/** An archived object could not be read back (S3 answered without a body). */
export class ArchiveReadError extends TourTrackerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ArchiveReadError';
  }
}
