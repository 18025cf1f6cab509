import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoEventStore } from '../adapters/dynamo/event-store';
import { DynamoRiderStateStore } from '../adapters/dynamo/rider-state-store';
import { DynamoSnapshotStore } from '../adapters/dynamo/snapshot-store';
import type { EventStore } from '../adapters/event-store';
import type { RiderStateStore } from '../adapters/rider-state-store';
import type { SnapshotStore } from '../adapters/snapshot-store';
import { prepareRoute } from '../race';
import { loadStageRoute, loadTourConfig, type LoadedTour } from '../../lib/tour-config/load';
import type { AggregatorStage } from './aggregate';
import type { AggregatorEnv } from './env';

/** What aggregating needs; built once per cold start (deps.ts) or by tests with memory fakes. */
export interface AggregatorDeps {
  readonly tour: string;
  readonly riderStates: RiderStateStore;
  readonly snapshots: SnapshotStore;
  readonly events: EventStore;
  /** Route and rider data of a stage, or undefined when the stage has no route. */
  readonly stageContext: (stage: number) => AggregatorStage | undefined;
}

/** Route and rider data of a stage from the tour config, or undefined when the tour has no such stage or route. */
export function aggregatorStageOf(tour: LoadedTour, tourId: string, stage: number): AggregatorStage | undefined {
  const config = tour.config.stages.find((s) => s.number === stage);
  if (config === undefined || config.route === null) return undefined;
  const names = new Map(tour.config.riders.map((r) => [r.bib, r.name]));
  return {
    key: { tour: tourId, stage },
    route: prepareRoute(loadStageRoute(tour, stage)),
    bibs: tour.config.riders.map((r) => r.bib),
    gcBefore: tour.config.gcBeforeStage.find((g) => g.stage === stage)?.standings ?? [],
    finishBonusSeconds: config.finishBonusSeconds,
    riderName: (bib) => names.get(bib) ?? `#${bib}`,
  };
}

/** Builds the aggregator's client, adapters and tour data once per cold start; routes are prepared on first use. */
export function makeAggregatorDeps(env: AggregatorEnv): AggregatorDeps {
  const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: env.AWS_ENDPOINT_URL }));
  const tour = loadTourConfig(env.TOUR_ID);
  const stages = new Map<number, AggregatorStage | undefined>();
  return {
    tour: env.TOUR_ID,
    riderStates: new DynamoRiderStateStore(dynamo, env.STATE_TABLE_NAME),
    snapshots: new DynamoSnapshotStore(dynamo, env.STATE_TABLE_NAME),
    events: new DynamoEventStore(dynamo, env.STATE_TABLE_NAME),
    stageContext: (stage) => {
      if (!stages.has(stage)) stages.set(stage, aggregatorStageOf(tour, env.TOUR_ID, stage));
      return stages.get(stage);
    },
  };
}
