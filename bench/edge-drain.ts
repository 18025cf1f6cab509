/**
 * Edge relay drain after an uplink outage (issue 8: the backlog drains at ≥ 10× real time while live fixes stay fresh).
 * Run: npm run bench -- edge-drain        (starts its own moto server on a free loopback port)
 *
 * Input: 30 simulated minutes of tdf2022 stage 1 (seed 42), 8 times over (4 h of backlog), spooled while the uplink was down, then the relay starts
 * against moto Kinesis (4 shards, 16 device buckets) while a live frame arrives every 200 ms. Prints the drain rate,
 * the speed-up over real time (the sim's own rate and DESIGN's 200 fixes/s), and live-fix latency during the drain.
 * The same backlog into the in-memory publisher gives the relay's own ceiling. Prints figures, asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateStreamCommand } from '@aws-sdk/client-kinesis';
import { createKinesisClient, KinesisFixPublisher } from '../edge/kinesis-publisher';
import { MemoryFixPublisher } from '../edge/memory-publisher';
import type { FixPublisher, PublishRecord, PublishResult } from '../edge/publisher';
import { Relay } from '../edge/relay';
import { silentLogger, simulatedLines } from './edge-input/simulated-lines';
import type { WireFrame } from '../core/wire/wire-frame';
import { LOCAL_AWS } from '../local/aws-clients';
import { startMotoProcess } from '../local/moto-server';

const SEED = 42;
const SECONDS = 1_800;
const DESIGN_FIXES_PER_SECOND = 200;
/** The 30-minute slice is replayed this many times (4 h of backlog) so the drain lasts long enough to time live fixes. */
const COPIES = 8;

/** Notes when each live fix (device LIVE) reaches the store. */
class TimingPublisher implements FixPublisher {
  readonly storedAt = new Map<number, number>();
  constructor(private readonly inner: FixPublisher) {}
  async publish(records: readonly PublishRecord[]): Promise<PublishResult> {
    const result = await this.inner.publish(records);
    const failed = new Set(result.failed.map((f) => f.index));
    const now = performance.now();
    records.forEach((record, index) => {
      if (failed.has(index)) return;
      const frame = JSON.parse(Buffer.from(record.data).toString()) as WireFrame;
      for (const fix of frame.fixes) if (fix.device === 'LIVE') this.storedAt.set(fix.seq, now);
    });
    return result;
  }
}

async function drain(lines: readonly string[], fixes: number, publisher: FixPublisher) {
  const dir = mkdtempSync(join(tmpdir(), 'tour-tracker-bench-drain-'));
  const timing = new TimingPublisher(publisher);
  const outage = new Relay({ spoolDir: dir, publisher, logger: silentLogger, gateway: 'bench', buckets: 16 });
  for (let i = 0; i < lines.length; i += 50) await outage.intake.acceptLines(lines.slice(i, i + 50));
  await outage.stop(); // never started: the uplink was down; the restart below finds the backlog in the spool
  const relay = new Relay({
    spoolDir: dir,
    publisher: timing,
    logger: silentLogger,
    gateway: 'bench',
    buckets: 16,
    lingerMillis: 100,
  });
  const appendedAt = new Map<number, number>();
  let seq = 0;
  const live = setInterval(() => {
    const t = Date.now();
    appendedAt.set(seq, performance.now());
    const frame = { v: 1, gateway: 'mesh', sentAt: t, fixes: [{ device: 'LIVE', seq: seq++, t, lat: 50, lon: 4 }] };
    void relay.intake.acceptLines([JSON.stringify(frame)]);
  }, 200);
  const t0 = performance.now();
  relay.start();
  while (relay.stats.fixesSent < fixes) await new Promise((resolve) => setTimeout(resolve, 5));
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(live);
  while (!relay.drained) await new Promise((resolve) => setTimeout(resolve, 5));
  await relay.stop();
  rmSync(dir, { recursive: true, force: true });
  const latencies = [...appendedAt]
    .flatMap(([s, at]) => {
      const stored = timing.storedAt.get(s);
      return stored === undefined ? [] : [stored - at];
    })
    .sort((a, b) => a - b);
  const pick = (q: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { rate: fixes / seconds, seconds, p50: pick(0.5), max: pick(1), live: latencies.length };
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'; // NOTES-machine §0: Node 20 is pinned
const slice = simulatedLines(SEED, SECONDS);
const lines = Array.from({ length: COPIES }, () => slice).flat();
const fixes = lines.reduce((sum, line) => sum + (JSON.parse(line) as WireFrame).fixes.length, 0);
const moto = await startMotoProcess();
try {
  const client = createKinesisClient({ ...LOCAL_AWS, endpoint: moto.endpoint });
  await client.send(new CreateStreamCommand({ StreamName: 'bench-drain', ShardCount: 4 }));
  const viaMoto = await drain(lines, fixes, new KinesisFixPublisher(client, 'bench-drain'));
  client.destroy();
  const inMemory = await drain(lines, fixes, new MemoryFixPublisher());
  const simRate = fixes / (SECONDS * COPIES);
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
  console.log(
    `edge-drain moto Kinesis: ${fmt(viaMoto.rate)} fixes/s, backlog of ${(SECONDS * COPIES) / 3600} h (${fixes} fixes) in ${viaMoto.seconds.toFixed(2)} s = ` +
      `${fmt(viaMoto.rate / simRate)}x the sim's real time, ${fmt(viaMoto.rate / DESIGN_FIXES_PER_SECOND)}x ${DESIGN_FIXES_PER_SECOND} fixes/s`,
  );
  console.log(
    `edge-drain live fixes during the drain (moto): ${viaMoto.live} sent, latency p50 ${fmt(viaMoto.p50)} ms, max ${fmt(viaMoto.max)} ms`,
  );
  console.log(
    `edge-drain in-memory publisher (relay ceiling): ${fmt(inMemory.rate)} fixes/s (${(inMemory.rate / viaMoto.rate).toFixed(1)}x moto)`,
  );
  console.log(
    `node ${process.version}, ${cpus()[0]?.model ?? 'unknown cpu'}, seed ${SEED}, ${lines.length} frames / ${fixes} fixes`,
  );
} finally {
  await moto.stop();
}
