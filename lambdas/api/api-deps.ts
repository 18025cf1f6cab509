import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { EventStore } from '../../core/ports/event-store';
import type { HistoryReader } from '../../core/ports/history-store';
import type { SnapshotStore } from '../../core/ports/snapshot-store';
import type { TrackStore } from '../../core/ports/track-store';
import type { PreparedRoute } from '../../core/race';
import type { LoadedTour } from '../../core/tour-config/load';
import type { RiderConfig, TourConfig } from '../../core/tour-config/schema';
import { stageRoutesOf } from '../shared/tour-stages';

/** What the API reads; built once per cold start (deps.ts) or by tests with memory fakes. */
export interface ApiDeps {
  /** The deployed tour: the only one the API serves. */
  readonly tourId: string;
  readonly tour: TourData;
  readonly snapshots: SnapshotStore;
  readonly events: EventStore;
  readonly tracks: TrackStore;
  /** Partner history; undefined when the deployment has no history source (the route answers 503). */
  readonly history: HistoryReader | undefined;
  /** Access-Control-Allow-Origin of public replies. */
  readonly corsAllowOrigin: string;
  readonly metrics: Metrics;
  /** Wall clock, epoch ms (the public tier's lag is measured from it). */
  readonly now: () => number;
}

/** The tour config as the API looks things up in it. */
export interface TourData {
  readonly config: TourConfig;
  /** Riders by bib. */
  readonly riders: ReadonlyMap<number, RiderConfig>;
  /** The prepared route of a stage, or undefined when the stage has none; prepared on first use. */
  readonly stageRoute: (stage: number) => PreparedRoute | undefined;
}

/** Indexes a loaded tour for the API; routes are prepared lazily and kept for the life of the process. */
export function tourDataOf(tour: LoadedTour): TourData {
  return {
    config: tour.config,
    riders: new Map(tour.config.riders.map((r) => [r.bib, r])),
    stageRoute: stageRoutesOf(tour),
  };
}
