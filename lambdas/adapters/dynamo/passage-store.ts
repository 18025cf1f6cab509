import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { storeErrorOf, StoreError } from '../../../core/ports/errors';
import { PASSAGES_SORT_KEY, type PassageStore, type StoredPassages } from '../../../core/ports/passage-store';
import { stagePartitionKey, type StageKey } from '../../../core/ports/stage-key';

/**
 * Head-of-race passages in the state table: one item per stage (`sk` = `PASSAGES`) holding the earliest crossings
 * as a JSON array `marks` (null where nobody has passed: DynamoDB numbers have no NaN), with a top-level `version`
 * for the condition. The second and third crossings (`second`, `third`) are stored as ms after the earliest, with
 * trailing nulls cut: a few digits a mark instead of 13, so a 200 km stage (2,001 marks) takes about 50 KB rather
 * than 85 KB (write units are per KB), far below the 400 KB item limit. An item written before they were kept has
 * neither and reads as all NaN.
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
    const passagesMs = marks.map((t) => (t === null ? Number.NaN : t));
    return {
      stepMeters: item.stepMeters,
      passagesMs,
      secondMs: laterFrom(item.second, passagesMs),
      thirdMs: laterFrom(item.third, passagesMs),
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
            second: laterOf(passages.secondMs, passages.passagesMs),
            third: laterOf(passages.thirdMs, passages.passagesMs),
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

/**
 * Encodes later crossings as ms after the earliest of the same mark (JSON, null where none), trailing nulls cut. A
 * later crossing exists only where the earliest does (`PassageBoard` fills the slots in order), so none is lost.
 */
function laterOf(laterMs: readonly number[], earliestMs: readonly number[]): string {
  const offsets = laterMs.map((t, k) => {
    const offset = t - earliestMs[k]!;
    return Number.isFinite(offset) ? offset : null;
  });
  let end = offsets.length;
  while (end > 0 && offsets[end - 1] === null) end -= 1;
  return JSON.stringify(offsets.slice(0, end));
}

/** Decodes `laterOf`'s attribute against the earliest crossings; absent (an older item) reads as all NaN. */
function laterFrom(attribute: unknown, earliestMs: readonly number[]): number[] {
  if (attribute === undefined) return earliestMs.map(() => Number.NaN);
  if (typeof attribute !== 'string') throw new StoreError('passages item has a malformed later-crossings attribute');
  const offsets = JSON.parse(attribute) as (number | null)[];
  return earliestMs.map((t, k) => {
    const offset = offsets[k];
    return offset === undefined || offset === null ? Number.NaN : t + offset;
  });
}
