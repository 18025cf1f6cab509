import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { storeErrorOf, StoreThrottledError } from '../errors';

/** Most keys in one BatchGetItem. @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html */
export const BATCH_GET_MAX_KEYS = 100;
/** Rounds of retrying unprocessed keys before the call counts as throttled. */
export const BATCH_GET_MAX_ROUNDS = 4;

/**
 * Strongly consistent BatchGetItem of `keys`, chunked and retrying `UnprocessedKeys` (DynamoDB's partial failure);
 * keys still unprocessed after `BATCH_GET_MAX_ROUNDS` raise `StoreThrottledError`.
 */
export async function batchGetAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Record<string, unknown>[],
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += BATCH_GET_MAX_KEYS) {
    let pending: Record<string, unknown>[] = keys.slice(i, i + BATCH_GET_MAX_KEYS);
    for (let round = 0; pending.length > 0; round += 1) {
      if (round === BATCH_GET_MAX_ROUNDS) {
        throw new StoreThrottledError(`BatchGetItem left ${pending.length} keys unprocessed after ${round} rounds`);
      }
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** round));
      const out = await client
        .send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }))
        .catch((error: unknown) => {
          throw storeErrorOf('BatchGetItem', error);
        });
      items.push(...(out.Responses?.[tableName] ?? []));
      pending = out.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return items;
}
