import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { WireFrame } from '../../../core/wire/wire-frame';
import { MOTO_CLIENT_CONFIG } from '../../helpers/moto';

/** A Kinesis client for moto (HTTP/1: NOTES-machine §3). */
export function motoKinesis(endpoint: string): KinesisClient {
  return new KinesisClient({ ...MOTO_CLIENT_CONFIG, endpoint, requestHandler: new NodeHttpHandler() });
}

/** Creates a provisioned stream with `shards` shards (ACTIVE at once on moto). */
export async function createStream(client: KinesisClient, name: string, shards = 4): Promise<void> {
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
}

/** Every wire frame in the stream, shard by shard from TRIM_HORIZON, with its partition key. */
export async function readAllFrames(client: KinesisClient, name: string): Promise<{ key: string; frame: WireFrame }[]> {
  const shards = await client.send(new ListShardsCommand({ StreamName: name }));
  const frames: { key: string; frame: WireFrame }[] = [];
  for (const shard of shards.Shards ?? []) {
    const start = await client.send(
      new GetShardIteratorCommand({ StreamName: name, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
    );
    let iterator = start.ShardIterator;
    while (iterator) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
      for (const record of page.Records ?? []) {
        frames.push({ key: record.PartitionKey ?? '', frame: JSON.parse(Buffer.from(record.Data ?? []).toString()) });
      }
      if ((page.Records ?? []).length === 0) break;
      iterator = page.NextShardIterator;
    }
  }
  return frames;
}
