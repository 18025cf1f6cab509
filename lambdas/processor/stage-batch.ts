import {
  applyFixes,
  ownerAt,
  type AcceptedFix,
  type DeviceDirectory,
  type DeviceTrack,
  type FixReject,
  type PreparedRoute,
  type RaceFix,
} from '../../core/race';
import { raceStateFrom, type StoredRider } from '../../core/ports/rider-state-store';
import type { StageKey } from '../../core/ports/stage-key';
import { trackBucketOf, type TrackPoint } from '../../core/ports/track-store';

/** What the processor needs to run the engine on one stage. */
export interface StageContext {
  readonly key: StageKey;
  readonly route: PreparedRoute;
  readonly directory: DeviceDirectory;
  /** A time trial: riders keep their own start and time checks. @default false */
  readonly timeTrial?: boolean;
  /** Team of a rider (tour config), for the history store's team dimension. */
  readonly teamOf: (bib: number) => string;
}

/** What one batch of a stage's fixes produces: items to store and fixes for quarantine and metrics. */
export interface StageBatchOutcome {
  /** One item per rider whose state the batch changed, carrying the rider's newest fix. */
  readonly riders: readonly StoredRider[];
  /** The first accepted fix per rider and track bucket. */
  readonly points: readonly TrackPoint[];
  readonly accepted: readonly AcceptedFix[];
  readonly rejects: readonly FixReject[];
}

/** Runs the engine on a stage's fixes against the stored riders and derives what to store. Pure. */
export function applyStageFixes(
  stored: ReadonlyMap<number, StoredRider>,
  fixes: readonly RaceFix[],
  context: StageContext,
): StageBatchOutcome {
  const result = applyFixes(raceStateFrom(context.route, stored), fixes, context);
  const touched = new Set<number>();
  for (const a of result.accepted) if (a.owner.kind === 'rider') touched.add(a.owner.bib);
  // One pass over the devices (not one per rider): a batch touches most riders of the stage.
  const devicesByBib = new Map<number, DeviceTrack[]>();
  for (const d of Object.values(result.state.devices)) {
    const owner = ownerAt(context.directory, d.device, d.newestTMs);
    if (owner?.kind !== 'rider' || !touched.has(owner.bib)) continue;
    const list = devicesByBib.get(owner.bib);
    if (list === undefined) devicesByBib.set(owner.bib, [d]);
    else list.push(d);
  }
  const riders: StoredRider[] = [];
  for (const bib of touched) {
    const live = result.state.riders[String(bib)];
    if (live === undefined) continue;
    const devices = devicesByBib.get(bib) ?? [];
    const newestFixMs = Math.max(live.tMs, ...devices.map((d) => d.newestTMs));
    riders.push({ bib, newestFixMs, live, devices });
  }
  return { riders, points: trackPointsOf(result.accepted), accepted: result.accepted, rejects: result.rejects };
}

/** Bibs of the riders carrying the fixes' devices at their fix times: the riders a batch must load. */
export function ridersOf(fixes: readonly RaceFix[], directory: DeviceDirectory): number[] {
  const bibs = new Set<number>();
  for (const fix of fixes) {
    const owner = ownerAt(directory, fix.device, fix.t);
    if (owner?.kind === 'rider') bibs.add(owner.bib);
  }
  return [...bibs];
}

/** The earliest accepted, matched rider fix per (rider, bucket) by the tracker's time, oldest first. */
export function trackPointsOf(accepted: readonly AcceptedFix[]): TrackPoint[] {
  const byBucket = new Map<string, TrackPoint>();
  for (const a of accepted) {
    if (a.owner.kind !== 'rider' || a.distanceMeters === undefined) continue;
    // The tracker's own time, as for history: a skew correction can change between a write and a replay, and the
    // bucket a point lands in must not, or a replay would add a point to a neighbouring bucket.
    const tMs = a.fix.t;
    const key = `${a.owner.bib}|${trackBucketOf(tMs)}`;
    const previous = byBucket.get(key);
    if (previous !== undefined && previous.tMs <= tMs) continue;
    byBucket.set(key, {
      bib: a.owner.bib,
      tMs,
      distanceMeters: a.distanceMeters,
      lat: a.fix.lat,
      lon: a.fix.lon,
    });
  }
  return [...byBucket.values()].sort((a, b) => a.tMs - b.tMs);
}
