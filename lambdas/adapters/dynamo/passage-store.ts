import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { storeErrorOf, StoreError } from '../errors';
import { PASSAGES_SORT_KEY, type PassageStore, type StoredPassages } from '../passage-store';
import { stagePartitionKey, type StageKey } from '../stage-key';

/**
 * Head-of-race passages in the state table: one item per stage (`sk` = `PASSAGES`) holding the marks as a JSON
 * array (null where nobody has passed: DynamoDB numbers have no NaN), with a top-level `version` for the condition.
 * A 200 km stage has 2,001 marks, about 30 KB: far below the 400 KB item limit.
 */
export class DynamoPassageStore implements PassageStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(stage: StageKey): Promise<StoredPassages | undefined> {
    const out = await this.client
      .send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: stagePartitionKey(stage), sk: PASSAGES_SORT_KEY },
          ConsistentRead: true,
        }),
      )
      .catch((error: unknown) => {
        throw storeErrorOf('GetItem', error);
      });
    const item = out.Item;
    if (item === undefined) return undefined;
    if (typeof item.marks !== 'string' || typeof item.version !== 'number' || typeof item.stepMeters !== 'number') {
      throw new StoreError('passages item lacks marks, version or stepMeters');
    }
    const marks = JSON.parse(item.marks) as (number | null)[];
    return {
      stepMeters: item.stepMeters,
      passagesMs: marks.map((t) => (t === null ? Number.NaN : t)),
      version: item.version,
    };
  }

  async putIfVersion(
    stage: StageKey,
    passages: Omit<StoredPassages, 'version'>,
    expectedVersion: number,
  ): Promise<boolean> {
    const condition =
      expectedVersion === 0
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: stagePartitionKey(stage),
            sk: PASSAGES_SORT_KEY,
            version: expectedVersion + 1,
            stepMeters: passages.stepMeters,
            marks: JSON.stringify(passages.passagesMs.map((t) => (Number.isFinite(t) ? t : null))),
          },
          ...condition,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw storeErrorOf('PutItem', error);
    }
  }
}
