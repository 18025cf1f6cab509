import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AWS } from '../../../local/aws-clients';
import { startMotoProcess, type MotoProcess } from '../../../local/moto-server';

let moto: MotoProcess;
let kinesis: KinesisClient;

beforeAll(async () => {
  moto = await startMotoProcess();
  kinesis = new KinesisClient({
    ...LOCAL_AWS,
    endpoint: moto.endpoint,
    requestHandler: new NodeHttpHandler({ httpAgent: { maxSockets: 64 } }),
  });
}, 30_000);

afterAll(async () => {
  kinesis?.destroy();
  await moto?.stop();
});

async function readAll(stream: string): Promise<string[]> {
  const shards = await kinesis.send(new ListShardsCommand({ StreamName: stream }));
  const shardId = shards.Shards?.[0]?.ShardId;
  let iterator = (
    await kinesis.send(
      new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }),
    )
  ).ShardIterator;
  const out: string[] = [];
  for (;;) {
    const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
    const records = page.Records ?? [];
    if (records.length === 0) return out;
    for (const r of records)
      out.push(
        Buffer.from(r.Data ?? new Uint8Array())
          .subarray(0, 12)
          .toString(),
      );
    iterator = page.NextShardIterator;
  }
}

describe('local moto server', () => {
  it('keeps every record of concurrent PutRecords calls on one shard (moto alone overwrites some)', async () => {
    const stream = 'concurrent-puts';
    await kinesis.send(new CreateStreamCommand({ StreamName: stream, ShardCount: 1 }));
    const calls = 50;
    const perCall = 400;
    // Records of ~2 KB, like the relay's frames: each call keeps moto busy long enough for calls to overlap.
    const record = (call: number, i: number): Uint8Array =>
      Buffer.concat([
        Buffer.from(`${String(call).padStart(5, '0')}-${String(i).padStart(6, '0')}`),
        Buffer.alloc(2_000, 97),
      ]);
    await Promise.all(
      Array.from({ length: calls }, (_, call) =>
        kinesis.send(
          new PutRecordsCommand({
            StreamName: stream,
            Records: Array.from({ length: perCall }, (_, i) => ({ PartitionKey: 'one-shard', Data: record(call, i) })),
          }),
        ),
      ),
    );

    const read = await readAll(stream);

    expect(read).toHaveLength(calls * perCall);
    expect(new Set(read).size).toBe(calls * perCall);
  }, 120_000);
});
