import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { batchPutAll } from '../../../lambdas/adapters/dynamo/batch-write';
import { StoreThrottledError } from '../../../core/ports/errors';

interface BatchWriteInput {
  input: { RequestItems: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> };
}

/** A client storing the first item of each BatchWriteItem and leaving the rest unprocessed, `limit` times. */
function partialClient(limit: number): { client: DynamoDBDocumentClient; stored: unknown[]; calls: number[] } {
  const stored: unknown[] = [];
  const calls: number[] = [];
  const client = {
    send: (command: BatchWriteInput) => {
      const requests = command.input.RequestItems.t!;
      calls.push(requests.length);
      const processed = calls.length > limit ? requests : requests.slice(0, 1);
      stored.push(...processed.map((r) => r.PutRequest.Item));
      return Promise.resolve({ UnprocessedItems: { t: requests.slice(processed.length) } });
    },
  } as unknown as DynamoDBDocumentClient;
  return { client, stored, calls };
}

describe('batchPutAll', () => {
  it('writes 25 items a call and retries the unprocessed until every item is stored', async () => {
    const items = Array.from({ length: 30 }, (_, k) => ({ k }));
    const { client, stored, calls } = partialClient(1);

    await batchPutAll(client, 't', items);

    expect(calls).toEqual([25, 24, 5]);
    expect(stored).toEqual(items);
  });

  it('throws StoreThrottledError when items stay unprocessed', async () => {
    const { client } = partialClient(100);

    await expect(batchPutAll(client, 't', [{ k: 1 }, { k: 2 }, { k: 3 }, { k: 4 }, { k: 5 }])).rejects.toThrow(
      StoreThrottledError,
    );
  });
});
