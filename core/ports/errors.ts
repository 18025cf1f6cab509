import { TourTrackerError } from '../errors';

/** A store refused or failed a call; the record should be retried (the cause is the SDK error). */
export class StoreError extends TourTrackerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/** A store throttled the call (provisioned throughput, request rate): transient, so the handler rethrows. */
export class StoreThrottledError extends StoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreThrottledError';
  }
}

const THROTTLE_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'SlowDown',
  'Throttling',
]);

/**
 * Wraps an SDK error as a typed store error carrying it as `cause`.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
 */
export function storeErrorOf(operation: string, error: unknown): StoreError {
  const name = error instanceof Error ? error.name : 'unknown';
  if (THROTTLE_NAMES.has(name))
    return new StoreThrottledError(`${operation} was throttled (${name})`, { cause: error });
  return new StoreError(`${operation} failed (${name})`, { cause: error });
}
