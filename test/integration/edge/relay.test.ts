import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKinesisClient, KinesisFixPublisher } from '../../../edge/kinesis-publisher';
import { Relay } from '../../../edge/relay';
import { encodeRecord } from '../../../edge/spool-format';
import { MOTO_CLIENT_CONFIG, startMoto, type MotoServer } from '../../helpers/moto';
import { fixes, fixKey, lineKeys, meshLines, recordingLogger, tempDir } from '../../unit/edge/fixes';
import { FaultProxy } from './fault-proxy';
import { createStream, motoKinesis, readAllFrames } from './kinesis-stream';

const STREAM = 'tour-tracker-ingest';
let moto: MotoServer;
let kinesis: KinesisClient;
let proxy: FaultProxy;
let proxyEndpoint: string;
const relays: Relay[] = [];

beforeAll(async () => {
  moto = await startMoto();
  kinesis = motoKinesis(moto.endpoint);
});

afterAll(async () => {
  kinesis?.destroy();
  await moto?.stop();
});

beforeEach(async () => {
  await moto.reset();
  await createStream(kinesis, STREAM, 4);
  proxy = new FaultProxy(new URL(moto.endpoint));
  proxyEndpoint = await proxy.start();
});

afterEach(async () => {
  for (const relay of relays.splice(0)) await relay.stop();
  await proxy.stop();
});

function startRelay(spoolDir = tempDir('relay-'), logger = recordingLogger()): Relay {
  const client = createKinesisClient({ ...MOTO_CLIENT_CONFIG, endpoint: proxyEndpoint, requestTimeoutMillis: 1_000 });
  const relay = new Relay({
    spoolDir,
    publisher: new KinesisFixPublisher(client, STREAM),
    logger,
    gateway: 'truck-test',
    buckets: 8,
    lingerMillis: 20,
    liveMaxLagMillis: 200,
    backoff: { baseMillis: 10, capMillis: 100 },
  });
  relays.push(relay);
  relay.start();
  return relay;
}

async function until(condition: () => boolean, timeoutMillis = 15_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMillis) throw new Error(`condition not met within ${timeoutMillis} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function storedKeys(): Promise<string[]> {
  return (await readAllFrames(kinesis, STREAM)).flatMap(({ frame }) => frame.fixes.map(fixKey));
}

describe('edge relay against moto Kinesis', () => {
  it('delivers every fix after a 10-minute uplink outage', async () => {
    const lines = meshLines(600, 40);
    const relay = startRelay();
    proxy.cut();
    for (let i = 0; i < lines.length; i += 10) await relay.intake.acceptLines(lines.slice(i, i + 10));
    await until(() => relay.stats.unavailableCalls >= 2);

    proxy.restore();
    await until(() => relay.drained);

    expect(new Set(await storedKeys())).toEqual(new Set(lineKeys(lines)));
  });

  it('re-sends only the records a partial PutRecords failure reports', async () => {
    const lines = meshLines(60, 40);
    proxy.failRecordsInCalls = 3;
    const relay = startRelay();

    await relay.intake.acceptLines(lines);
    await until(() => relay.drained);

    const keys = await storedKeys();
    const sentRecords = proxy.seen.reduce((sum, call) => sum + call.records.length, 0);
    expect(proxy.failedRecords).toBeGreaterThan(0);
    expect(keys).toHaveLength(new Set(keys).size);
    expect(new Set(keys)).toEqual(new Set(lineKeys(lines)));
    expect(sentRecords).toBe(relay.stats.recordsSent + proxy.failedRecords);
  });

  it('backs off while throttled and then delivers every fix once', async () => {
    const lines = meshLines(30, 40);
    proxy.throttleCalls = 4;
    const relay = startRelay();

    await relay.intake.acceptLines(lines);
    await until(() => relay.drained);

    const keys = await storedKeys();
    expect(relay.stats.throttledCalls).toBe(4);
    expect(keys).toHaveLength(new Set(keys).size);
    expect(new Set(keys)).toEqual(new Set(lineKeys(lines)));
  });

  it('skips a corrupt spool tail with a warning and delivers every record before it', async () => {
    const spoolDir = tempDir('relay-');
    const first = startRelay(spoolDir);
    proxy.cut();
    const lines = meshLines(20, 10);
    await first.intake.acceptLines(lines);
    await first.stop();
    relays.pop();
    const segment = readdirSync(spoolDir).find((name) => name.endsWith('.seg')) ?? '';
    appendFileSync(join(spoolDir, segment), encodeRecord({ at: 0, fixes: fixes(5) }).subarray(0, 40));
    proxy.restore();
    const logger = recordingLogger();

    const restarted = startRelay(spoolDir, logger);
    await until(() => restarted.drained);

    expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'warn', message: 'spool tail skipped' }));
    expect(new Set(await storedKeys())).toEqual(new Set(lineKeys(lines)));
  });

  it('spreads frames over the device buckets as partition keys', async () => {
    const relay = startRelay();

    await relay.intake.acceptLines(meshLines(5, 40));
    await until(() => relay.drained);

    const keys = new Set((await readAllFrames(kinesis, STREAM)).map((f) => f.key));
    expect(keys.size).toBe(8);
  });
});
