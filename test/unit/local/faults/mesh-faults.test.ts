import { describe, expect, it } from 'vitest';
import { parseInputLine } from '../../../../edge/intake';
import type { WireFrame } from '../../../../core/wire/wire-frame';
import { FaultyMesh, sentFixKeys, type MeshFault } from '../../../../local/faults/mesh-faults';
import type { SimulationTick } from '../../../../sim/simulate-stage';

const START_MS = Date.UTC(2022, 6, 3, 11, 0, 0);
const DEVICES = ['TRK-1-A', 'TRK-2-A', 'TRK-3-A', 'TRK-4-A', 'TRK-5-A', 'TRK-6-A'];

function frameAt(second: number): WireFrame {
  const t = START_MS + second * 1_000;
  return {
    v: 1,
    gateway: 'sim-relay-1',
    sentAt: t + 1_000,
    fixes: DEVICES.map((device) => ({ device, seq: second, t, lat: 55.7, lon: 9.5 })),
  };
}

function tickAt(second: number): SimulationTick {
  return {
    second,
    t: START_MS + second * 1_000,
    frames: [frameAt(second)],
    truth: {} as SimulationTick['truth'],
    events: [],
  };
}

/** Plays `seconds` ticks through a mesh with `fault`; returns the lines per tick and the lines left at the end. */
function play(fault: MeshFault, seconds: number): { mesh: FaultyMesh; perTick: string[][]; rest: string[] } {
  const mesh = new FaultyMesh(fault, 1);
  const perTick = Array.from({ length: seconds }, (_, s) => [...mesh.lines(tickAt(s))]);
  return { mesh, perTick, rest: [...mesh.end()] };
}

describe('FaultyMesh', () => {
  it('passes frames through unchanged without a fault and records each once', () => {
    const { mesh, perTick, rest } = play({ kind: 'none' }, 5);

    expect(perTick.map((lines) => lines.map((l) => JSON.parse(l) as WireFrame))).toEqual(
      [0, 1, 2, 3, 4].map((s) => [frameAt(s)]),
    );
    expect(rest).toEqual([]);
    expect(sentFixKeys(mesh.ledger).size).toBe(5 * DEVICES.length);
  });

  it('delivers every frame three times in a duplicate storm, the copies later, and records it once', () => {
    const { mesh, perTick, rest } = play({ kind: 'duplicate-storm', copies: 3 }, 10);
    const all = [...perTick.flat(), ...rest];

    for (let s = 0; s < 10; s++) expect(all.filter((l) => l === JSON.stringify(frameAt(s)))).toHaveLength(3);
    expect(perTick[0]).toEqual([JSON.stringify(frameAt(0))]);
    expect(perTick[1]).toContain(JSON.stringify(frameAt(0)));
    expect(perTick[5]).toContain(JSON.stringify(frameAt(0)));
    expect(mesh.ledger.frames).toHaveLength(10);
  });

  it('holds some frames back so that newer ones overtake them, and loses none', () => {
    const { perTick, rest } = play({ kind: 'out-of-order', share: 0.3, maxDelaySeconds: 20 }, 200);
    const order = [...perTick.flat(), ...rest].map((l) => (JSON.parse(l) as WireFrame).fixes[0]!.seq);

    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, s) => s));
    const overtaken = order.filter((seq, i) => order.slice(i + 1).some((later) => later < seq)).length;
    expect(overtaken).toBeGreaterThan(20);
  });

  it("skews every third device's clock by +30 s or -30 s, the same for all of its fixes", () => {
    const { mesh } = play({ kind: 'clock-skew', every: 3, skewMillis: 30_000 }, 3);
    const offsets = new Map<string, Set<number>>();
    for (const frame of mesh.ledger.frames) {
      for (const fix of frame.fixes) {
        const second = fix.seq;
        const set = offsets.get(fix.device) ?? new Set<number>();
        set.add(fix.t - (START_MS + second * 1_000));
        offsets.set(fix.device, set);
      }
    }

    expect(DEVICES.map((d) => [...(offsets.get(d) ?? [])])).toEqual([[30_000], [0], [0], [-30_000], [0], [0]]);
  });

  it('mixes in fuzzed lines of every kind, each of which the relay intake refuses with a reason', () => {
    const { mesh, perTick } = play({ kind: 'malformed', everySeconds: 2 }, 16);
    const fuzzed = perTick.flat().filter((l) => !perTick.some((_, s) => l === JSON.stringify(frameAt(s))));

    expect(fuzzed).toHaveLength(8);
    expect([...mesh.ledger.malformedLines.entries()].sort()).toEqual([
      ['huge-frame', 2],
      ['random-bytes', 2],
      ['truncated-json', 2],
      ['wrong-types', 2],
    ]);
    const reasons = fuzzed.map((line) => {
      const parsed = parseInputLine(line);
      return parsed.ok ? 'accepted' : parsed.reason;
    });
    expect(reasons).not.toContain('accepted');
    expect(new Set(reasons)).toEqual(new Set(['not-json', 'bad-shape', 'too-many-fixes']));
  });
});
