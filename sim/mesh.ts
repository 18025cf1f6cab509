import { MAX_FIXES_PER_FRAME, WIRE_FRAME_VERSION, type WireFix, type WireFrame } from '../core/wire/wire-frame';
import type { FaultCounts, FaultProfile } from './faults';
import type { Rng } from './random';

/** Latest a duplicate copy arrives after its original, s. */
const MAX_DUPLICATE_DELAY_SECONDS = 5;

/**
 * The radio mesh between the trackers and the relay in the race truck: delivers each fix in the second it was made,
 * except that it sometimes holds a fix back (it then arrives after newer fixes of its device) or delivers it twice.
 * What arrives in a second leaves as frames of at most `MAX_FIXES_PER_FRAME` fixes (DESIGN §6).
 */
export class MeshRelay {
  private readonly slots: WireFix[][];
  private frameCount = 0;

  constructor(
    private readonly profile: FaultProfile,
    private readonly rng: Rng,
    /** The relay's id on the wire. */
    readonly gateway: string,
    private readonly startMs: number,
    private readonly counts: FaultCounts,
  ) {
    const horizon = Math.max(2, profile.maxReorderDelaySeconds) + MAX_DUPLICATE_DELAY_SECONDS + 1;
    this.slots = Array.from({ length: horizon }, () => []);
  }

  /** Hands a fix made in `second` to the mesh. */
  send(fix: WireFix, second: number): void {
    const { profile, rng } = this;
    let delay = 0;
    if (rng.chance(profile.reorderRate)) {
      delay = rng.int(2, Math.max(2, profile.maxReorderDelaySeconds));
      this.counts.reordered++;
    }
    this.slot(second + delay).push(fix);
    if (rng.chance(profile.duplicateRate)) {
      this.slot(second + delay + rng.int(1, MAX_DUPLICATE_DELAY_SECONDS)).push(fix);
      this.counts.duplicates++;
    }
  }

  /** The frames the relay sends at the end of `second`: every fix that arrived during it, in arrival order. */
  deliver(second: number): WireFrame[] {
    const slot = this.slot(second);
    const arrived = slot.splice(0, slot.length);
    return this.frames(arrived, second);
  }

  /** Fixes still held back after the last second, as frames sent one second later each. */
  drain(lastSecond: number): WireFrame[] {
    const frames: WireFrame[] = [];
    for (let s = lastSecond + 1; s <= lastSecond + this.slots.length; s++) frames.push(...this.deliver(s));
    return frames;
  }

  /** Frames sent so far. */
  get framesSent(): number {
    return this.frameCount;
  }

  private slot(second: number): WireFix[] {
    return this.slots[second % this.slots.length] as WireFix[];
  }

  private frames(fixes: WireFix[], second: number): WireFrame[] {
    const frames: WireFrame[] = [];
    const sentAt = this.startMs + (second + 1) * 1_000;
    for (let i = 0; i < fixes.length; i += MAX_FIXES_PER_FRAME) {
      frames.push({
        v: WIRE_FRAME_VERSION,
        gateway: this.gateway,
        sentAt,
        fixes: fixes.slice(i, i + MAX_FIXES_PER_FRAME),
      });
    }
    this.frameCount += frames.length;
    return frames;
  }
}
