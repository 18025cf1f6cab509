import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { storeErrorOf } from '../../../core/ports/errors';

/**
 * Items of one Query, following pagination until the last page or until `limit` items are read (each page asks
 * for at most what is still missing; a page can still stop short at 1 MB, hence the loop).
 */
export async function queryUpTo(
  client: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'Limit'>,
  limit = Number.POSITIVE_INFINITY,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const remaining = limit - items.length;
    const page = await client
      .send(
        new QueryCommand({
          ...input,
          ExclusiveStartKey: startKey,
          ...(Number.isFinite(remaining) && { Limit: remaining }),
        }),
      )
      .catch((error: unknown) => {
        throw storeErrorOf('Query', error);
      });
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined && items.length < limit);
  return items;
}

/** All items of a partition whose sort key begins with `prefix`, following pagination. */
export function queryAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  pk: string,
  prefix: string,
): Promise<Record<string, unknown>[]> {
  return queryUpTo(client, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
  });
}
