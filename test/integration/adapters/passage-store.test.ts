import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { DynamoPassageStore } from '../../../lambdas/adapters/dynamo/passage-store';
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
