import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MAX_FIXES_PER_FRAME, parseWireFrame } from '../../../core/wire/wire-frame';
import { writeSimulation } from '../../../sim/output';
import { simulateStage } from '../../../sim/simulate-stage';
import type { SimulationOptions } from '../../../sim/stage-setup';
import { runSimulation, stage2022 } from './stage-fixtures';

/** A sink that keeps everything written to it, for byte comparisons. */
function memorySink(): { sink: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { sink, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** Frames and truth of the first five minutes of 2022 stage 3 (flat), as the CLI would write them. */
async function fiveMinutes(options: Partial<SimulationOptions> = {}): Promise<{ frames: string; truth: string }> {
  const frames = memorySink();
  const truth = memorySink();
  const simulation = simulateStage(stage2022(3), { seed: 42, maxSeconds: 300, ...options });
  await writeSimulation(simulation, { frames: frames.sink, truth: truth.sink }, { speed: null });
  return { frames: frames.text(), truth: truth.text() };
}

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

describe('simulateStage', () => {
  it('writes byte-identical frames and truth for the same seed', async () => {
    const first = await fiveMinutes();

    const second = await fiveMinutes();

    expect(first.frames.length).toBeGreaterThan(1_000_000);
    expect(sha(second.frames)).toBe(sha(first.frames));
    expect(sha(second.truth)).toBe(sha(first.truth));
  });

  it('writes different frames for another seed', async () => {
    const first = await fiveMinutes();

    const other = await fiveMinutes({ seed: 43 });

    expect(sha(other.frames)).not.toBe(sha(first.frames));
  });

  it('rides the same race whatever the fault profile and with telemetry off', () => {
    const truthOf = (options: Partial<SimulationOptions>): string =>
      JSON.stringify(
        runSimulation(simulateStage(stage2022(3), { seed: 5, maxSeconds: 600, ...options }), () => true).ticks.map(
          (t) => t.truth,
        ),
      );

    const realistic = truthOf({ faultProfile: 'realistic' });
    const harsh = truthOf({ faultProfile: 'harsh' });
    const without = truthOf({ telemetry: false });

    expect(harsh).toBe(realistic);
    expect(without).toBe(realistic);
  });

  it('sends only frames that pass parseWireFrame, each with at most MAX_FIXES_PER_FRAME fixes', async () => {
    const { frames } = await fiveMinutes({ faultProfile: 'harsh' });

    const parsed = frames
      .trim()
      .split('\n')
      .map((line) => parseWireFrame(JSON.parse(line)));

    expect(parsed.filter((p) => !p.ok)).toEqual([]);
    expect(Math.max(...parsed.map((p) => (p.ok ? p.frame.fixes.length : 0)))).toBeLessThanOrEqual(MAX_FIXES_PER_FRAME);
  });

  it('splits a second of more than MAX_FIXES_PER_FRAME fixes into several frames', () => {
    const input = stage2022(3);
    const crowded = {
      ...input,
      tour: {
        ...input.tour,
        riders: [...input.tour.riders, ...extraRiders(400)],
        devices: [...input.tour.devices, ...extraDevices(400)],
      },
    };

    const { ticks } = runSimulation(
      simulateStage(crowded, { seed: 1, maxSeconds: 5, faultProfile: 'none' }),
      () => true,
    );

    const first = ticks[0];
    expect(first?.frames.length).toBe(2);
    expect(first?.frames.map((f) => f.fixes.length)).toEqual([
      MAX_FIXES_PER_FRAME,
      135 + 400 + 35 - MAX_FIXES_PER_FRAME,
    ]);
  });

  it("keeps every rider's true km non-decreasing and within the route over a whole stage", () => {
    const input = stage2022(21);
    const lengthKm = input.route.lengthMeters / 1_000;
    let previous: readonly number[] | null = null;
    let backwards = 0;
    let outside = 0;

    const simulation = simulateStage(input, { seed: 3, telemetry: false });
    for (const tick of simulation.ticks) {
      tick.truth.km.forEach((km, i) => {
        if (previous && km < (previous[i] ?? 0)) backwards++;
        if (km < 0 || km > lengthKm + 0.001) outside++;
      });
      previous = tick.truth.km;
    }

    expect(backwards).toBe(0);
    expect(outside).toBe(0);
  });
});

function extraRiders(count: number): { bib: number; name: string; team: string; nationality: null }[] {
  return Array.from({ length: count }, (_, i) => ({
    bib: 300 + i,
    name: `Extra ${i}`,
    team: 'Extra Team',
    nationality: null,
  }));
}

function extraDevices(
  count: number,
): { device: string; owner: { kind: 'rider'; bib: number }; validFrom: string; validTo: null }[] {
  return Array.from({ length: count }, (_, i) => ({
    device: `TRK-${300 + i}-A`,
    owner: { kind: 'rider' as const, bib: 300 + i },
    validFrom: '2022-06-30T00:00:00.000Z',
    validTo: null,
  }));
}
