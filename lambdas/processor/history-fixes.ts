import type { HistoryFix } from '../../core/ports/history-store';
import type { StoredRider } from '../../core/ports/rider-state-store';
import { profileAtDistance, type AcceptedFix, type PreparedRoute } from '../../core/race';

/** What turning accepted fixes into history rows needs besides the fixes. */
export interface HistoryInputs {
  readonly route: PreparedRoute;
  /** Team of a rider from the tour config. */
  readonly teamOf: (bib: number) => string;
  /** Altitude the tracker reported, by `device|seq|t`, when it did. */
  readonly reportedAltitude: ReadonlyMap<string, number>;
  /** Riders as loaded before the batch: their devices' newest match seeds the first fix's speed. */
  readonly stored: ReadonlyMap<number, StoredRider>;
}

/** Key of a wire fix in `HistoryInputs.reportedAltitude`. */
export function altitudeKey(device: string, seq: number, t: number): string {
  return `${device}|${seq}|${t}`;
}

/**
 * One history row per accepted fix: km and gradient from the route profile, altitude as reported (else the
 * profile's), speed from the device's previous matched position (this batch's, else the stored one). Pure, so a
 * retried record produces identical rows and Timestream treats them as repeats.
 */
export function historyFixesOf(accepted: readonly AcceptedFix[], inputs: HistoryInputs): HistoryFix[] {
  const previous = new Map<string, { tMs: number; distanceMeters: number }>();
  for (const rider of inputs.stored.values()) {
    for (const d of rider.devices) {
      if (d.distanceMeters !== undefined)
        previous.set(d.device, { tMs: d.newestTMs, distanceMeters: d.distanceMeters });
    }
  }
  const rows: HistoryFix[] = [];
  for (const a of [...accepted].sort((x, y) => x.tMs - y.tMs)) {
    const { fix, owner, distanceMeters } = a;
    const reported = inputs.reportedAltitude.get(altitudeKey(fix.device, fix.seq, fix.t));
    const bib = owner.kind === 'rider' ? owner.bib : undefined;
    let altMeters = reported;
    let speedKmh: number | undefined;
    let gradientPercent: number | undefined;
    if (owner.kind === 'rider' && distanceMeters !== undefined) {
      const profile = profileAtDistance(inputs.route, distanceMeters);
      altMeters ??= profile.altitudeMeters;
      gradientPercent = profile.gradientPercent;
      const before = previous.get(fix.device);
      if (before !== undefined && a.tMs > before.tMs) {
        speedKmh = (Math.max(0, distanceMeters - before.distanceMeters) / (a.tMs - before.tMs)) * 3_600;
      }
      if (before === undefined || a.tMs > before.tMs) previous.set(fix.device, { tMs: a.tMs, distanceMeters });
    }
    // One literal with every field (one object shape for V8). The time is the tracker's own, not the skew-corrected
    // one: the correction can change between a write and its retry, and Timestream identifies a record by its time.
    rows.push({
      bib,
      team: owner.kind === 'vehicle' ? owner.id : inputs.teamOf(owner.bib),
      device: fix.device,
      seq: fix.seq,
      tMs: fix.t,
      lat: fix.lat,
      lon: fix.lon,
      altMeters,
      distanceMeters: owner.kind === 'rider' ? distanceMeters : undefined,
      speedKmh,
      gradientPercent,
      hdop: fix.hdop,
    });
  }
  return rows;
}
