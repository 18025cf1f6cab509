import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { storeErrorOf } from '../../../core/ports/errors';
import { untilProcessed } from './unprocessed-retry';

/** Most keys in one BatchGetItem. @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html */
export const BATCH_GET_MAX_KEYS = 100;

/**
 * Strongly consistent BatchGetItem of `keys`, chunked and retrying `UnprocessedKeys` (`untilProcessed`: keys still
 * unprocessed after its rounds raise `StoreThrottledError`).
 */
export async function batchGetAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Record<string, unknown>[],
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += BATCH_GET_MAX_KEYS) {
    await untilProcessed('BatchGetItem', keys.slice(i, i + BATCH_GET_MAX_KEYS), async (pending) => {
      const out = await client
        .send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: [...pending], ConsistentRead: true } } }))
        .catch((error: unknown) => {
          throw storeErrorOf('BatchGetItem', error);
        });
      items.push(...(out.Responses?.[tableName] ?? []));
      return out.UnprocessedKeys?.[tableName]?.Keys ?? [];
    });
  }
  return items;
}
