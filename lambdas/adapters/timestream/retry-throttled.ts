import { storeErrorOf, StoreThrottledError } from '../../../core/ports/errors';

/** How often and how patiently a throttled call (Timestream, EventBridge) is retried. */
export interface RetryOptions {
  /**
   * Calls in all, the first included.
   * @default 4
   */
  readonly attempts?: number;
  /**
   * Delay before the first retry, ms; doubled on each further retry.
   * @default 100
   */
  readonly baseDelayMs?: number;
  /**
   * Waits between attempts; tests pass a fake.
   * @default a setTimeout promise
   */
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `call`, retrying throttling with exponential backoff (shared by the Timestream and EventBridge adapters); after the last attempt it throws `StoreThrottledError`
 * so the handler reports the record for retry. Any other error is rethrown unchanged for the caller to sort.
 * Written by hand because the SDK's own retries share one budget with every other error kind.
 */
export async function retryThrottled<T>(
  operation: string,
  call: () => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? 4;
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const typed = storeErrorOf(operation, error);
      if (!(typed instanceof StoreThrottledError)) throw error;
      if (attempt >= attempts) {
        throw new StoreThrottledError(`${operation} was throttled ${attempts} times in a row`, { cause: error });
      }
      await sleep((options.baseDelayMs ?? 100) * 2 ** (attempt - 1));
    }
  }
}
