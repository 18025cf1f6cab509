import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoPassageStore } from '../../../lambdas/adapters/dynamo/passage-store';
import { PASSAGES_SORT_KEY } from '../../../core/ports/passage-store';
import { stagePartitionKey } from '../../../core/ports/stage-key';
import { stateTableCreateInput } from '../../../lambdas/adapters/dynamo/table-definition';
import { passageStoreContract } from '../../helpers/contracts/passage-store.contract';
import { MOTO_CLIENT_CONFIG, startMoto, type MotoServer } from '../../helpers/moto';

const TABLE = 'tour-tracker-state';
let moto: MotoServer;
let dynamo: DynamoDBDocumentClient;

beforeAll(async () => {
  moto = await startMoto();
  dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ ...MOTO_CLIENT_CONFIG, endpoint: moto.endpoint }));
  await dynamo.send(new CreateTableCommand(stateTableCreateInput(TABLE)));
}, 30_000);

afterAll(async () => {
  dynamo.destroy();
  await moto.stop();
});

passageStoreContract('DynamoPassageStore', () => new DynamoPassageStore(dynamo, TABLE));

describe('DynamoPassageStore items', () => {
  const NAN = Number.NaN;

  it('reads an item written before the second and third crossings were kept as all NaN', async () => {
    const stage = { tour: 'legacy', stage: 4 };
    await dynamo.send(
      new PutCommand({
        TableName: TABLE,
        Item: {
          pk: stagePartitionKey(stage),
          sk: PASSAGES_SORT_KEY,
          version: 3,
          stepMeters: 100,
          marks: '[1000,null,1031]',
        },
      }),
    );

    await expect(new DynamoPassageStore(dynamo, TABLE).get(stage)).resolves.toEqual({
      stepMeters: 100,
      passagesMs: [1_000, NAN, 1_031],
      secondMs: [NAN, NAN, NAN],
      thirdMs: [NAN, NAN, NAN],
      version: 3,
    });
  });

  it('stores the later crossings as ms after the earliest, without trailing nulls', async () => {
    const stage = { tour: 'compact', stage: 4 };
    const store = new DynamoPassageStore(dynamo, TABLE);
    const passagesMs = [1_656_754_200_000, 1_656_754_209_100, 1_656_754_218_300, NAN];
    const secondMs = [1_656_754_200_400, 1_656_754_209_900, NAN, NAN];
    await store.putIfVersion(stage, { stepMeters: 100, passagesMs, secondMs, thirdMs: [NAN, NAN, NAN, NAN] }, 0);

    const out = await dynamo.send(
      new GetCommand({ TableName: TABLE, Key: { pk: stagePartitionKey(stage), sk: PASSAGES_SORT_KEY } }),
    );

    expect(out.Item?.second).toBe('[400,800]');
    expect(out.Item?.third).toBe('[]');
  });
});
