/**
 * The processor handler end to end against moto (DESIGN §8): the real DynamoDB, S3 and Timestream adapters over
 * HTTP to one local moto server, history on. Input: the first simulated minute of tdf2022 stage 3 (seed 42), one
 * Kinesis record per relay frame, 20 records per invocation. moto answers each call in ~7 ms (NOTES-machine §3), so
 * this measures the adapters' call pattern (calls per record and per batch), not AWS throughput.
 * Run: npm run bench -- processor-moto. Prints figures, asserts nothing (STYLE.md 2.6).
 */
import os from 'node:os';
import type { KinesisStreamBatchResponse } from 'aws-lambda';
import { stateTableCreateInput } from '../lambdas/adapters/dynamo/table-definition';
import { localAwsClients, localAwsEnv } from '../local/aws-clients';
import { startMotoProcess } from '../local/moto-server';
import { localResourceNames } from '../local/resource-names';
import { localLambdaContext } from '../local/lambda-context';
import { processorBenchInput } from './processor-input/kinesis-input';

const SEED = 42;
const STAGE = 3;
const SECONDS = 60;
const RECORDS_PER_INVOCATION = 20;

const moto = await startMotoProcess();
const clients = localAwsClients(moto.endpoint);
try {
  const names = localResourceNames('tdf2022');
  const { CreateTableCommand } = await import('@aws-sdk/client-dynamodb');
  const { CreateBucketCommand } = await import('@aws-sdk/client-s3');
  const { CreateDatabaseCommand, CreateTableCommand: CreateHistoryTable } =
    await import('@aws-sdk/client-timestream-write');
  await clients.dynamo.send(new CreateTableCommand(stateTableCreateInput(names.stateTable)));
  await clients.s3.send(
    new CreateBucketCommand({
      Bucket: names.quarantineBucket,
      CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
    }),
  );
  await clients.timestream.send(new CreateDatabaseCommand({ DatabaseName: names.timestreamDatabase }));
  await clients.timestream.send(
    new CreateHistoryTable({ DatabaseName: names.timestreamDatabase, TableName: names.timestreamTable }),
  );
  Object.assign(process.env, localAwsEnv(moto.endpoint), {
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    STATE_TABLE_NAME: names.stateTable,
    QUARANTINE_BUCKET_NAME: names.quarantineBucket,
    TOUR_ID: 'tdf2022',
    HISTORY_STORE: 'timestream',
    TIMESTREAM_DATABASE_NAME: names.timestreamDatabase,
    TIMESTREAM_TABLE_NAME: names.timestreamTable,
  });
  const { handler } = await import('../lambdas/processor/handler');

  const { frames, fixCount, events } = processorBenchInput({
    stage: STAGE,
    seed: SEED,
    seconds: SECONDS,
    recordsPerInvocation: RECORDS_PER_INVOCATION,
  });

  const times: number[] = [];
  let failures = 0;
  for (const event of events) {
    const t0 = performance.now();
    const out = (await handler(event, localLambdaContext('processor'), () => undefined)) as KinesisStreamBatchResponse;
    times.push(performance.now() - t0);
    failures += out.batchItemFailures.length;
  }
  const totalSeconds = times.reduce((a, b) => a + b, 0) / 1_000;
  times.sort((a, b) => a - b);
  const pct = (p: number): string => times[Math.min(times.length - 1, Math.floor(times.length * p))]!.toFixed(0);
  console.log(
    `processor handler against moto (DynamoDB, S3, Timestream), ${fixCount} fixes in ${frames.length} records:`,
  );
  console.log(
    `  ${(fixCount / totalSeconds).toFixed(0)} fixes/s, ${(frames.length / totalSeconds).toFixed(1)} records/s`,
  );
  console.log(
    `  ${events.length} invocations of ${RECORDS_PER_INVOCATION} records: p50 ${pct(0.5)} ms, max ${pct(1)} ms; records failed ${failures}`,
  );
  console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, seed ${SEED}`);
} finally {
  clients.destroy();
  await moto.stop();
}
