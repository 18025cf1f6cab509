import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A moto server (DESIGN §8) started for one test file. */
export interface MotoServer {
  readonly endpoint: string;
  readonly port: number;
  /** Where its request log goes. */
  readonly logFile: string;
  /** Forgets every resource (POST /moto-api/reset). */
  reset(): Promise<void>;
  /** Stops the process and waits for it to exit. */
  stop(): Promise<void>;
}

/** Credentials and region moto accepts. */
export const MOTO_CLIENT_CONFIG = {
  region: 'eu-west-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
} as const;

/** A free TCP port on 127.0.0.1 (there is a small race between closing it and the caller binding it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port assigned');
  return address.port;
}

/**
 * Starts `python3 -m moto.server` on a free loopback port and waits until it answers. Call `stop()` in afterAll;
 * the process is also killed if the test process exits first.
 */
export async function startMoto(timeoutMillis = 20_000): Promise<MotoServer> {
  const port = await freePort();
  const logFile = join(tmpdir(), `tour-tracker-moto-${port}.log`);
  const log = openSync(logFile, 'w');
  const child: ChildProcess = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const endpoint = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  };
  const start = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto exited with ${child.exitCode}; see ${logFile}`);
    const ready = await fetch(`${endpoint}/moto-api/`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() - start > timeoutMillis) {
      await stop();
      throw new Error(`moto did not answer on ${endpoint} within ${timeoutMillis} ms; see ${logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    endpoint,
    port,
    logFile,
    reset: async () => {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) throw new Error(`moto reset answered ${response.status}`);
    },
    stop,
  };
}

/**
 * The environment a handler reads in local mode against this moto server: the endpoint override, moto's
 * region and dummy credentials, and no EMF metrics on stdout.
 */
export function motoHandlerEnv(moto: MotoServer): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_REGION: MOTO_CLIENT_CONFIG.region,
    AWS_ACCESS_KEY_ID: MOTO_CLIENT_CONFIG.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: MOTO_CLIENT_CONFIG.credentials.secretAccessKey,
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
}
