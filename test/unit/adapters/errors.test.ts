import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoRiderStateStore } from '../../../lambdas/adapters/dynamo/rider-state-store';
import { StoreError, StoreThrottledError, storeErrorOf } from '../../../core/ports/errors';
import { storedRider } from '../../helpers/contracts/rider-state-store.contract';

function failingClient(error: Error): DynamoDBDocumentClient {
  return { send: () => Promise.reject(error) } as unknown as DynamoDBDocumentClient;
}

describe('storeErrorOf', () => {
  it('maps throttling to StoreThrottledError and keeps the SDK error as cause', () => {
    const sdk = new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} });
    const error = storeErrorOf('PutItem', sdk);
    expect(error).toBeInstanceOf(StoreThrottledError);
    expect(error.cause).toBe(sdk);
  });

  it('maps other errors to a plain StoreError', () => {
    const error = storeErrorOf('Query', new Error('boom'));
    expect(error).toBeInstanceOf(StoreError);
    expect(error).not.toBeInstanceOf(StoreThrottledError);
  });
});

describe('DynamoRiderStateStore', () => {
  it('throws StoreThrottledError when DynamoDB throttles a write', async () => {
    const sdk = new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} });
    const store = new DynamoRiderStateStore(failingClient(sdk), 'state');
    await expect(store.putIfNewer({ tour: 't', stage: 1 }, [storedRider(1, 1000)])).rejects.toThrow(
      StoreThrottledError,
    );
  });

  it('throws StoreThrottledError when DynamoDB throttles a load', async () => {
    const sdk = new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} });
    await expect(
      new DynamoRiderStateStore(failingClient(sdk), 'state').load({ tour: 't', stage: 1 }, [1]),
    ).rejects.toThrow(StoreThrottledError);
  });
});
