import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Spool } from '../../../edge/spool';
import { startMoto, type MotoServer } from '../../helpers/moto';
import { fixKey, lineKeys, meshLines, recordingLogger, tempDir } from '../../unit/edge/fixes';
import { createStream, motoKinesis, readAllFrames } from './kinesis-stream';

const STREAM = 'tour-tracker-crash';
let moto: MotoServer;
let kinesis: KinesisClient;
const children: ChildProcess[] = [];

beforeAll(async () => {
  moto = await startMoto();
  kinesis = motoKinesis(moto.endpoint);
  await createStream(kinesis, STREAM, 2);
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  kinesis?.destroy();
  await moto?.stop();
});

function spawnRelay(spoolDir: string, input: string, extra: string[] = []): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'bin/tour-tracker.ts',
      'relay',
      '--spool',
      spoolDir,
      '--stream',
      STREAM,
      '--endpoint',
      moto.endpoint,
    ].concat(['--input', input, '--linger-ms', '20', '--status-every-ms', '60000', ...extra]),
    {
      stdio: ['pipe', 'ignore', 'ignore'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'WARN' },
    },
  );
  children.push(child);
  return child;
}

function exitOf(child: ChildProcess): Promise<number | string> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
}

async function until(condition: () => boolean, timeoutMillis: number): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMillis) throw new Error(`condition not met within ${timeoutMillis} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Every fix the spool held at the moment of the kill: what the relay had accepted and not yet had acknowledged. */
function unackedSpoolKeys(spoolDir: string): string[] {
  const copy = tempDir('crash-copy-');
  cpSync(spoolDir, copy, { recursive: true });
  const spool = Spool.open({ dir: copy, logger: recordingLogger() });
  const keys = spool.read(spool.ackedPosition, 1_000_000).flatMap((e) => e.payload.fixes.map(fixKey));
  spool.close();
  return keys;
}

describe('edge relay killed with SIGKILL', () => {
  it('delivers every fix accepted before the kill after a restart', async () => {
    const spoolDir = tempDir('crash-');
    const lines = meshLines(3_000, 40);
    const relay = spawnRelay(spoolDir, '-');
    const pipeErrors: Error[] = [];
    relay.stdin?.on('error', (error) => pipeErrors.push(error)); // EPIPE once the relay is killed mid-write
    let written = 0;
    const writer = setInterval(() => {
      if (written < lines.length && relay.stdin?.writable)
        relay.stdin.write(lines.slice(written, (written += 20)).join('\n') + '\n');
    }, 2);
    await until(() => existsSync(join(spoolDir, 'ack.json')), 15_000);
    await new Promise((resolve) => setTimeout(resolve, 150));

    clearInterval(writer);
    relay.kill('SIGKILL');
    await exitOf(relay);
    const pending = unackedSpoolKeys(spoolDir);
    const restarted = spawnRelay(spoolDir, '/dev/null', ['--exit-when-drained']);
    const code = await exitOf(restarted);

    const stored = new Set((await readAllFrames(kinesis, STREAM)).flatMap(({ frame }) => frame.fixes.map(fixKey)));
    const input = new Set(lineKeys(lines));
    expect(code).toBe(0);
    expect(pending.filter((key) => !stored.has(key))).toEqual([]);
    expect([...stored].filter((key) => !input.has(key))).toEqual([]);
    expect(stored.size).toBeGreaterThan(0);
  });
});
