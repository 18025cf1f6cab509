import { MAX_FIXES_PER_FRAME, type WireFrame } from '../../core/wire/wire-frame';
import type { TruthEvent } from '../../sim/ground-truth';
import { streamFor, type Rng } from '../../sim/random';
import type { SimulationTick } from '../../sim/simulate-stage';
import type { FrameLines } from '../telemetry-feed';

/** What goes wrong between the trackers and the relay's intake in a fault scenario. */
export type MeshFault =
  | { readonly kind: 'none' }
  /** Every frame arrives `copies` times: once on time, the copies 1 s and 5 s later. */
  | { readonly kind: 'duplicate-storm'; readonly copies: number }
  /** A share of the frames is held back by 2 s to `maxDelaySeconds`, so newer fixes overtake them. */
  | { readonly kind: 'out-of-order'; readonly share: number; readonly maxDelaySeconds: number }
  /** Every `every`-th device's clock is off by ±`skewMillis` (alternating signs). */
  | { readonly kind: 'clock-skew'; readonly every: number; readonly skewMillis: number }
  /** Every `everySeconds` a fuzzed line (random bytes, truncated JSON, wrong types, a huge frame) is mixed in. */
  | { readonly kind: 'malformed'; readonly everySeconds: number };

/** What the trackers really sent: each valid frame once (as the tracker stamped it) and the truth's events. */
export interface SentLedger {
  readonly frames: WireFrame[];
  readonly truthEvents: TruthEvent[];
  /** Fuzzed lines handed to the relay, by kind. */
  readonly malformedLines: Map<string, number>;
  /** What the fault did: extra copies sent, frames held back, devices whose clock was skewed. */
  readonly injected: { duplicateCopies: number; heldBack: number; skewedDevices: number };
}

/** Fixes in the huge frame: ten times what a frame may carry, so the relay must refuse it, not forward it. */
const HUGE_FRAME_FIXES = 10 * MAX_FIXES_PER_FRAME;

/**
 * The mesh gateway of a fault scenario: a `FrameLines` that applies one `MeshFault` to the simulator's frames and
 * records what was really sent in `ledger`. Deterministic: every random draw comes from `seed`.
 */
export class FaultyMesh implements FrameLines {
  readonly ledger: SentLedger = {
    frames: [],
    truthEvents: [],
    malformedLines: new Map(),
    injected: { duplicateCopies: 0, heldBack: 0, skewedDevices: 0 },
  };
  /** Lines held back, by the simulated second at which they are released. */
  private readonly held = new Map<number, string[]>();
  private readonly rng: Rng;
  private readonly skewByDevice = new Map<string, number>();

  constructor(
    private readonly fault: MeshFault,
    seed: number,
  ) {
    this.rng = streamFor(seed, `mesh-fault-${fault.kind}`);
  }

  lines(tick: SimulationTick): readonly string[] {
    this.ledger.truthEvents.push(...tick.events);
    const out: string[] = [...(this.held.get(tick.second) ?? [])];
    this.held.delete(tick.second);
    for (const original of tick.frames) {
      const frame = this.fault.kind === 'clock-skew' ? this.skewed(original) : original;
      this.ledger.frames.push(frame);
      const line = JSON.stringify(frame);
      switch (this.fault.kind) {
        case 'duplicate-storm':
          out.push(line);
          for (let copy = 1; copy < this.fault.copies; copy++) {
            this.hold(tick.second + (copy === 1 ? 1 : 5), line);
            this.ledger.injected.duplicateCopies++;
          }
          break;
        case 'out-of-order':
          if (this.rng.chance(this.fault.share)) {
            this.hold(tick.second + this.rng.int(2, this.fault.maxDelaySeconds), line);
            this.ledger.injected.heldBack++;
          } else out.push(line);
          break;
        default:
          out.push(line);
      }
    }
    if (this.fault.kind === 'malformed' && tick.second % this.fault.everySeconds === 0 && tick.frames[0]) {
      out.push(this.fuzzed(tick.frames[0], tick.second / this.fault.everySeconds));
    }
    return out;
  }

  end(): readonly string[] {
    const rest = [...this.held.keys()].sort((a, b) => a - b).flatMap((second) => this.held.get(second) ?? []);
    this.held.clear();
    return rest;
  }

  private hold(second: number, line: string): void {
    const lines = this.held.get(second);
    if (lines) lines.push(line);
    else this.held.set(second, [line]);
  }

  private skewed(frame: WireFrame): WireFrame {
    if (this.fault.kind !== 'clock-skew') return frame;
    const { every, skewMillis } = this.fault;
    const fixes = frame.fixes.map((fix) => {
      let skew = this.skewByDevice.get(fix.device);
      if (skew === undefined) {
        const index = this.skewByDevice.size;
        skew = index % every === 0 ? ((index / every) % 2 === 0 ? skewMillis : -skewMillis) : 0;
        this.skewByDevice.set(fix.device, skew);
        if (skew !== 0) this.ledger.injected.skewedDevices++;
      }
      return skew === 0 ? fix : { ...fix, t: fix.t + skew };
    });
    return { ...frame, fixes };
  }

  /** One fuzzed line, cycling through the kinds of damage a radio link and buggy firmware produce. */
  private fuzzed(sample: WireFrame, n: number): string {
    const kinds = ['random-bytes', 'truncated-json', 'wrong-types', 'huge-frame'] as const;
    const kind = kinds[n % kinds.length] ?? 'random-bytes';
    this.ledger.malformedLines.set(kind, (this.ledger.malformedLines.get(kind) ?? 0) + 1);
    const json = JSON.stringify(sample);
    switch (kind) {
      case 'random-bytes':
        return Array.from({ length: 200 }, () => String.fromCharCode(this.rng.int(1, 255))).join('');
      case 'truncated-json':
        return json.slice(0, Math.max(1, Math.floor(json.length * this.rng.between(0.2, 0.9))));
      case 'wrong-types':
        return JSON.stringify({ ...sample, fixes: sample.fixes.map((f) => ({ ...f, lat: String(f.lat), seq: 'x' })) });
      case 'huge-frame': {
        const fix = sample.fixes[0];
        const fixes = Array.from({ length: HUGE_FRAME_FIXES }, (_, i) => ({ ...fix, seq: i }));
        return JSON.stringify({ ...sample, fixes });
      }
    }
  }
}

/** The fixes of a ledger keyed like history and the processor's de-duplication: device and tracker time. */
export function sentFixKeys(ledger: SentLedger): Set<string> {
  const keys = new Set<string>();
  for (const frame of ledger.frames) for (const fix of frame.fixes) keys.add(fixKey(fix.device, fix.t));
  return keys;
}

/** Key of one fix: device and tracker time (what Timestream identifies a history record by). */
export function fixKey(device: string, tMs: number): string {
  return `${device}@${tMs}`;
}
