import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { storeErrorOf } from '../../../core/ports/errors';
import { untilProcessed } from './unprocessed-retry';

/** Most requests in one BatchWriteItem. @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html */
export const BATCH_WRITE_MAX_ITEMS = 25;

/**
 * Unconditional puts of `items` with BatchWriteItem, chunked and retrying `UnprocessedItems` (`untilProcessed`:
 * items still unprocessed after its rounds raise `StoreThrottledError`). Only for items whose rewrite is harmless.
 */
export async function batchPutAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH_WRITE_MAX_ITEMS) {
    await untilProcessed('BatchWriteItem', items.slice(i, i + BATCH_WRITE_MAX_ITEMS), async (pending) => {
      const out = await client
        .send(
          new BatchWriteCommand({ RequestItems: { [tableName]: pending.map((Item) => ({ PutRequest: { Item } })) } }),
        )
        .catch((error: unknown) => {
          throw storeErrorOf('BatchWriteItem', error);
        });
      return (out.UnprocessedItems?.[tableName] ?? []).flatMap((r) => (r.PutRequest?.Item ? [r.PutRequest.Item] : []));
    });
  }
}
