import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Intake } from '../edge/intake';

/** The part of the relay's intake a feed uses (the mesh gateway's side). */
export type FeedIntake = Pick<Intake, 'acceptLines'>;
import type { TruthHeader, TruthSecond } from '../sim/ground-truth';
import type { SimulationTick, StageSimulation } from '../sim/simulate-stage';
import type { RaceClock } from './race-clock';
import type { RelayRaceClock } from './relay-clock';
import { TelemetryFeedError } from './errors';

/** What the feed has sent so far; the ground truth is there for tests and benches to compare against. */
export interface FeedProgress {
  readonly header: TruthHeader | undefined;
  /** The latest simulated second, or undefined before the first (and always with a replay). */
  readonly latestTruth: TruthSecond | undefined;
  readonly framesFed: number;
  readonly fixesFed: number;
  /** Race time of the newest fix fed, epoch ms. */
  readonly newestFixMs: number | undefined;
  readonly finished: boolean;
}

/** A source of telemetry playing into the relay's intake on the race clock. */
export interface TelemetryFeed {
  progress(): FeedProgress;
  /** Truth seconds kept for comparison (the last `keepSeconds`), oldest first. */
  truthAt(tMs: number): TruthSecond | undefined;
  /** Settles when the source is exhausted or stopped. */
  readonly done: Promise<void>;
  stop(): void;
}

/**
 * What the mesh gateway hands the relay for each simulated second: `lines` for a tick (the fault suite duplicates,
 * holds back, skews or corrupts frames here), `end` for whatever it still holds when the simulation ends.
 */
export interface FrameLines {
  lines(tick: SimulationTick): readonly string[];
  end(): readonly string[];
}

/** Each frame as one JSON line, as the simulator wrote it. */
export const PLAIN_FRAME_LINES: FrameLines = {
  lines: (tick) => tick.frames.map((f) => JSON.stringify(f)),
  end: () => [],
};

/** Truth seconds kept for `truthAt`: enough to compare a snapshot a few minutes of race time old. */
const KEEP_TRUTH_SECONDS = 900;

/**
 * Plays a simulation into the relay: each tick's frames are handed to the intake (as the mesh gateway would send
 * them) when the race clock reaches the tick's time, so fix times are the stage's real date and start time.
 */
export function simulationFeed(
  simulation: StageSimulation,
  intake: FeedIntake,
  clock: RaceClock,
  relayClock: RelayRaceClock,
  frameLines: FrameLines = PLAIN_FRAME_LINES,
): TelemetryFeed {
  const abort = new AbortController();
  const truth: TruthSecond[] = [];
  let latestTruth: TruthSecond | undefined;
  let framesFed = 0;
  let fixesFed = 0;
  let newestFixMs: number | undefined;
  let finished = false;
  const done = (async () => {
    for (let step = simulation.ticks.next(); !step.done; step = simulation.ticks.next()) {
      const tick = step.value;
      await clock.until(tick.t, abort.signal);
      if (abort.signal.aborted) return;
      relayClock.fed(tick.t);
      const lines = frameLines.lines(tick);
      if (lines.length > 0) await intake.acceptLines(lines);
      for (const frame of tick.frames) {
        framesFed++;
        fixesFed += frame.fixes.length;
        for (const fix of frame.fixes) if (newestFixMs === undefined || fix.t > newestFixMs) newestFixMs = fix.t;
      }
      latestTruth = tick.truth;
      truth.push(tick.truth);
      if (truth.length > KEEP_TRUTH_SECONDS) truth.shift();
    }
    const rest = frameLines.end();
    if (rest.length > 0) await intake.acceptLines(rest);
    finished = true;
  })();
  return {
    progress: () => ({ header: simulation.header, latestTruth, framesFed, fixesFed, newestFixMs, finished }),
    truthAt: (tMs) => {
      for (let i = truth.length - 1; i >= 0; i--) if ((truth[i] as TruthSecond).t <= tMs) return truth[i];
      return undefined;
    },
    done,
    stop: () => abort.abort(),
  };
}

/** The first frame's `sentAt` of a frames file: where a replay's race clock starts. */
export async function firstFrameTime(path: string): Promise<number> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    lines.close();
    const frame = JSON.parse(line) as { sentAt?: unknown };
    if (typeof frame.sentAt !== 'number')
      throw new TelemetryFeedError(`${path}: the first frame has no numeric sentAt`);
    return frame.sentAt;
  }
  throw new TelemetryFeedError(`${path} holds no frames`);
}

/**
 * Replays a frames file (as `tour-tracker simulate` writes it) into the relay, each line when the race clock
 * reaches its frame's `sentAt`; lines that do not parse go to the intake as they are, which rejects and counts them.
 */
export function replayFeed(
  path: string,
  intake: FeedIntake,
  clock: RaceClock,
  relayClock: RelayRaceClock,
): TelemetryFeed {
  const abort = new AbortController();
  let framesFed = 0;
  let fixesFed = 0;
  let newestFixMs: number | undefined;
  let finished = false;
  const done = (async () => {
    const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
    try {
      for await (const line of lines) {
        if (line.trim() === '') continue;
        const frame = parseFrameTimes(line);
        if (frame) await clock.until(frame.sentAt, abort.signal);
        if (abort.signal.aborted) return;
        if (frame) relayClock.fed(frame.sentAt);
        await intake.acceptLines([line]);
        framesFed++;
        if (frame) {
          fixesFed += frame.times.length;
          for (const t of frame.times) if (newestFixMs === undefined || t > newestFixMs) newestFixMs = t;
        }
      }
      finished = true;
    } finally {
      lines.close();
    }
  })();
  return {
    progress: () => ({ header: undefined, latestTruth: undefined, framesFed, fixesFed, newestFixMs, finished }),
    truthAt: () => undefined,
    done,
    stop: () => abort.abort(),
  };
}

function parseFrameTimes(line: string): { sentAt: number; times: number[] } | undefined {
  try {
    const frame = JSON.parse(line) as { sentAt?: unknown; fixes?: { t?: unknown }[] };
    if (typeof frame.sentAt !== 'number' || !Array.isArray(frame.fixes)) return undefined;
    return { sentAt: frame.sentAt, times: frame.fixes.flatMap((f) => (typeof f.t === 'number' ? [f.t] : [])) };
  } catch {
    return undefined;
  }
}
