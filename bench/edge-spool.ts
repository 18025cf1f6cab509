/**
 * Edge relay spool throughput (issue 8: ≥ 50,000 fixes/s through the spool with fsync per batch).
 * Run: npm run bench -- edge-spool
 *
 * Input: 30 simulated minutes of tdf2022 stage 1 (all riders and vehicles, seed 42, realistic faults), as the wire
 * frames the mesh delivers. Cases: the intake path (parse + validate + append + fsync per batch of lines, what the
 * relay does per input chunk), raw appends of 500-fix batches with fsync per batch, and the same with fsync every
 * 100 ms as the baseline without per-batch durability. Prints figures, asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../edge/clock';
import { Intake } from '../edge/intake';
import { RelayStats } from '../edge/relay-stats';
import { Spool, type FsyncPolicy } from '../edge/spool';
import { silentLogger, simulatedLines } from './edge-input/simulated-lines';
import type { WireFix, WireFrame } from '../core/wire/wire-frame';

const SEED = 42;
const SECONDS = 1_800;
const LINES_PER_BATCH = 8;

function withSpool<T>(fsync: FsyncPolicy, run: (spool: Spool) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'tour-tracker-bench-spool-'));
  const spool = Spool.open({ dir, logger: silentLogger, fsync, maxBytes: 8 * 1024 ** 3 });
  try {
    return run(spool);
  } finally {
    spool.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function intakeRate(lines: readonly string[], fixCount: number): Promise<{ rate: number; appends: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'tour-tracker-bench-intake-'));
  const spool = Spool.open({ dir, logger: silentLogger, maxBytes: 8 * 1024 ** 3 });
  const intake = new Intake({ spool, stats: new RelayStats(), logger: silentLogger, clock: systemClock });
  const t0 = performance.now();
  let appends = 0;
  for (let i = 0; i < lines.length; i += LINES_PER_BATCH) {
    await intake.acceptLines(lines.slice(i, i + LINES_PER_BATCH));
    appends++;
  }
  const seconds = (performance.now() - t0) / 1000;
  spool.close();
  rmSync(dir, { recursive: true, force: true });
  return { rate: fixCount / seconds, appends };
}

function appendRate(fixes: readonly WireFix[], fsync: FsyncPolicy): { rate: number; checksum: number } {
  return withSpool(fsync, (spool) => {
    const t0 = performance.now();
    let checksum = 0;
    for (let i = 0; i < fixes.length; i += 500)
      checksum += spool.append([{ at: i, fixes: fixes.slice(i, i + 500) }]).end;
    return { rate: fixes.length / ((performance.now() - t0) / 1000), checksum };
  });
}

const lines = simulatedLines(SEED, SECONDS);
const fixes = lines.flatMap((line) => (JSON.parse(line) as WireFrame).fixes);
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
await intakeRate(lines.slice(0, 2_000), 10_000);
appendRate(fixes.slice(0, 20_000), { kind: 'per-batch' });
const intake = await intakeRate(lines, fixes.length);
const perBatch = appendRate(fixes, { kind: 'per-batch' });
const interval = appendRate(fixes, { kind: 'interval', everyMillis: 100 });
console.log(
  `edge-spool intake (parse+validate+append, fsync per batch of ${LINES_PER_BATCH} lines): ${fmt(intake.rate)} fixes/s (${intake.appends} fsyncs)`,
);
console.log(
  `edge-spool append 500-fix batches, fsync per batch: ${fmt(perBatch.rate)} fixes/s (${Math.ceil(fixes.length / 500)} fsyncs)`,
);
console.log(
  `edge-spool append 500-fix batches, fsync every 100 ms: ${fmt(interval.rate)} fixes/s (${(interval.rate / perBatch.rate).toFixed(1)}x per-batch)`,
);
console.log(
  `node ${process.version}, ${cpus()[0]?.model ?? 'unknown cpu'}, seed ${SEED}, ${lines.length} frames / ${fixes.length} fixes, checksum ${perBatch.checksum + interval.checksum}`,
);
