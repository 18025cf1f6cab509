import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';

/** Resolves true when something accepts a TCP connection on 127.0.0.1:port, false when it is refused. */
function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('tour-tracker rehearse (the npm start command)', () => {
  it('prints the URL and a status line, and on Ctrl-C (SIGINT to its process group) stops cleanly: exit 0, moto gone, port closed', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'bin/tour-tracker.ts',
        'rehearse',
        '--port',
        '0',
        '--riders',
        '4',
        '--speed',
        '5',
        '--faults',
        'none',
      ],
      // Its own process group, like a terminal's foreground job, so that SIGINT can go to the whole group as Ctrl-C does.
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR' }, detached: true },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    let motoPid: number | undefined;
    try {
      const deadline = Date.now() + 40_000;
      while (!/race \d\d:\d\d:\d\d/.test(output) && Date.now() < deadline && child.exitCode === null) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const url = /open (http:\/\/127\.0\.0\.1:(\d+)\/)/.exec(output);
      const moto = /moto\s+http:\/\/127\.0\.0\.1:\d+ \(pid (\d+)\)/.exec(output);
      expect(url, output).not.toBeNull();
      expect(moto, output).not.toBeNull();
      const port = Number(url![2]);
      motoPid = Number(moto![1]);
      expect(await portOpen(port)).toBe(true);
      expect(processAlive(motoPid)).toBe(true);
      expect(output).toMatch(
        /tdf2022 stage 7 race \d\d:\d\d:\d\d \S+ x5 \| .* fixes\/s \| freshness p50 .* riders reporting/,
      );

      // Ctrl-C in a terminal signals every process of the foreground group, the CLI and its children alike.
      process.kill(-child.pid!, 'SIGINT');
      const [code] = await exited;

      expect(code).toBe(0);
      expect(output).not.toMatch(/ECONNREFUSED|Error:/);
      expect(output).toContain('stopped: pollers, relay, gateway and moto are down');
      expect(processAlive(motoPid)).toBe(false);
      expect(await portOpen(port)).toBe(false);
    } finally {
      // A failed run must not leave its processes behind either.
      if (child.exitCode === null) child.kill('SIGKILL');
      if (motoPid !== undefined && processAlive(motoPid)) process.kill(motoPid, 'SIGKILL');
    }
  }, 60_000);
});
