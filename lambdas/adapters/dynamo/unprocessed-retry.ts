import { StoreThrottledError } from '../../../core/ports/errors';

/** Rounds of a batch call (the first and its retries of what DynamoDB left unprocessed) before it counts as throttled. */
export const BATCH_MAX_ROUNDS = 4;

/**
 * Calls `send` with `pending` until DynamoDB leaves nothing unprocessed (its partial failure of BatchGetItem and
 * BatchWriteItem), waiting 50, 100, 200 ms between rounds; what is still left after `BATCH_MAX_ROUNDS` raises
 * `StoreThrottledError`, so the caller's record is retried.
 * @param send - one call; resolves to what the call left unprocessed
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html#Programming.Errors.BatchOperations
 */
export async function untilProcessed<T>(
  operation: string,
  first: readonly T[],
  send: (pending: readonly T[]) => Promise<readonly T[]>,
): Promise<void> {
  let pending = first;
  for (let round = 0; pending.length > 0; round += 1) {
    if (round === BATCH_MAX_ROUNDS) {
      throw new StoreThrottledError(`${operation} left ${pending.length} unprocessed after ${round} rounds`);
    }
    if (round > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** round));
    pending = await send(pending);
  }
}
