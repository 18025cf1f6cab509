import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { batchGetAll } from '../../../lambdas/adapters/dynamo/batch-get';
import { StoreThrottledError } from '../../../core/ports/errors';

interface BatchGetInput {
  input: { RequestItems: Record<string, { Keys: Record<string, unknown>[] }> };
}

/** A client answering BatchGetItem with the first key processed and the rest unprocessed, `limit` times. */
function partialClient(limit: number): DynamoDBDocumentClient {
  let calls = 0;
  return {
    send: (command: BatchGetInput) => {
      calls += 1;
      const keys = command.input.RequestItems.t!.Keys;
      if (calls > limit) return Promise.resolve({ Responses: { t: keys } });
      return Promise.resolve({ Responses: { t: keys.slice(0, 1) }, UnprocessedKeys: { t: { Keys: keys.slice(1) } } });
    },
  } as unknown as DynamoDBDocumentClient;
}

describe('batchGetAll', () => {
  it('retries unprocessed keys until every key is read', async () => {
    const keys = [{ k: 1 }, { k: 2 }, { k: 3 }];
    await expect(batchGetAll(partialClient(1), 't', keys)).resolves.toEqual(keys);
  });

  it('throws StoreThrottledError when keys stay unprocessed', async () => {
    await expect(
      batchGetAll(partialClient(100), 't', [{ k: 1 }, { k: 2 }, { k: 3 }, { k: 4 }, { k: 5 }]),
    ).rejects.toThrow(StoreThrottledError);
  });
});
