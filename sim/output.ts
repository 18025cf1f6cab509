import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TruthLine, TruthSummary } from './ground-truth';
import type { StageSimulation } from './simulate-stage';

/**
 * Writers of a simulation: wire frames (one JSON line per frame, what the edge relay reads) and ground truth
 * (one JSON line per header, second, event and summary). The only module of sim/ that does I/O or reads a clock.
 */

/** How fast to play the simulation: `speed` simulated seconds per wall-clock second, or null for as fast as possible. */
export interface Pacing {
  readonly speed: number | null;
}

/** Where the two streams go. */
export interface SimulationSinks {
  readonly frames: Writable;
  readonly truth: Writable;
}

/** Figures of a finished run. */
export interface RunReport {
  readonly summary: TruthSummary;
  readonly frames: number;
  readonly fixes: number;
  readonly truthLines: number;
  readonly wallMillis: number;
}

/** Lines are batched into chunks of about this many characters before a write. */
const CHUNK_CHARS = 1 << 20;

/**
 * Plays a simulation into the sinks, paced in real time, accelerated, or as fast as possible.
 * Respects back-pressure, so a slow reader (a pipe into the relay) slows the simulation instead of filling memory.
 */
export async function writeSimulation(
  simulation: StageSimulation,
  sinks: SimulationSinks,
  pacing: Pacing,
): Promise<RunReport> {
  const started = performance.now();
  const frames = new LineBuffer(sinks.frames);
  const truth = new LineBuffer(sinks.truth);
  let frameCount = 0;
  let fixCount = 0;
  let truthLines = 1;
  await truth.add(JSON.stringify(simulation.header satisfies TruthLine));
  let step = simulation.ticks.next();
  while (!step.done) {
    const tick = step.value;
    if (pacing.speed !== null) {
      const due = started + (tick.second * 1_000) / pacing.speed;
      const wait = due - performance.now();
      if (wait > 0) {
        await Promise.all([frames.flush(), truth.flush()]);
        await sleep(wait);
      }
    }
    for (const frame of tick.frames) {
      await frames.add(JSON.stringify(frame));
      frameCount++;
      fixCount += frame.fixes.length;
    }
    await truth.add(JSON.stringify(tick.truth));
    for (const event of tick.events) await truth.add(JSON.stringify(event));
    truthLines += 1 + tick.events.length;
    if (pacing.speed !== null) await Promise.all([frames.flush(), truth.flush()]);
    step = simulation.ticks.next();
  }
  await truth.add(JSON.stringify(step.value));
  await Promise.all([frames.flush(), truth.flush()]);
  return {
    summary: step.value,
    frames: frameCount,
    fixes: fixCount,
    truthLines: truthLines + 1,
    wallMillis: performance.now() - started,
  };
}

/** A file to write to (its folder is created), or stdout for `-`. */
export function openSink(path: string): Writable {
  if (path === '-') return process.stdout;
  mkdirSync(dirname(path), { recursive: true });
  return createWriteStream(path);
}

/** Ends a sink and waits until its data is on disk; stdout is left open. */
export async function closeSink(sink: Writable): Promise<void> {
  if (sink === process.stdout) return;
  sink.end();
  await once(sink, 'finish');
}

/** Collects lines and writes them in large chunks, waiting for 'drain' when the stream is full. */
class LineBuffer {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly out: Writable) {}

  async add(line: string): Promise<void> {
    this.parts.push(line, '\n');
    this.size += line.length + 1;
    if (this.size >= CHUNK_CHARS) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.size === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }
}
