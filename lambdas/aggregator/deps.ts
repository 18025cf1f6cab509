import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoEventStore } from '../adapters/dynamo/event-store';
import { DynamoPassageStore } from '../adapters/dynamo/passage-store';
import { DynamoRiderStateStore } from '../adapters/dynamo/rider-state-store';
import { DynamoSnapshotStore } from '../adapters/dynamo/snapshot-store';
import type { EventBus } from '../../core/ports/event-bus';
import { EventBridgeEventBus } from '../adapters/eventbridge/event-bus';
import type { EventStore } from '../../core/ports/event-store';
import type { PassageStore } from '../../core/ports/passage-store';
import type { RiderStateStore } from '../../core/ports/rider-state-store';
import type { SnapshotStore } from '../../core/ports/snapshot-store';
import { snapshotStageOf } from '../../core/race';
import { loadTourConfig, type LoadedTour } from '../../core/tour-config/load';
import type { AggregatorStage } from './aggregate';
import { METRICS_NAMESPACE } from '../shared/metrics';
import { perStage, preparedStageRoute } from '../shared/tour-stages';
import type { AggregatorEnv } from './env';

/** What aggregating needs; built once per cold start (deps.ts) or by tests with memory fakes. */
export interface AggregatorDeps {
  readonly tour: string;
  readonly riderStates: RiderStateStore;
  readonly snapshots: SnapshotStore;
  readonly events: EventStore;
  /** Head-of-race passages per stage, kept across invocations (DESIGN §3). */
  readonly passages: PassageStore;
  /** Where new race events are published, or undefined when the stack has no event bus. */
  readonly bus?: EventBus;
  readonly metrics: Metrics;
  /** Wall clock, epoch ms (snapshot age). */
  readonly now: () => number;
  /** Route and rider data of a stage, or undefined when the stage has no route. */
  readonly stageContext: (stage: number) => AggregatorStage | undefined;
}

/** Route and rider data of a stage from the tour config, or undefined when the tour has no such stage or route. */
export function aggregatorStageOf(tour: LoadedTour, tourId: string, stage: number): AggregatorStage | undefined {
  const config = tour.config.stages.find((s) => s.number === stage);
  const route = preparedStageRoute(tour, stage);
  if (config === undefined || route === undefined) return undefined;
  const names = new Map(tour.config.riders.map((r) => [r.bib, r.name]));
  return {
    ...snapshotStageOf(tour.config, config, route),
    key: { tour: tourId, stage },
    bibs: tour.config.riders.map((r) => r.bib),
    riderName: (bib) => names.get(bib) ?? `#${bib}`,
  };
}

/** Builds the aggregator's client, adapters and tour data once per cold start; routes are prepared on first use. */
export function makeAggregatorDeps(env: AggregatorEnv): AggregatorDeps {
  const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: env.AWS_ENDPOINT_URL }));
  const tour = loadTourConfig(env.TOUR_ID);
  return {
    tour: env.TOUR_ID,
    riderStates: new DynamoRiderStateStore(dynamo, env.STATE_TABLE_NAME),
    // Time-keyed copies only serve a lagged public tier; without a lag they would double the snapshot writes.
    snapshots: new DynamoSnapshotStore(dynamo, env.STATE_TABLE_NAME, tour.config.api.publicLagSeconds > 0),
    events: new DynamoEventStore(dynamo, env.STATE_TABLE_NAME),
    passages: new DynamoPassageStore(dynamo, env.STATE_TABLE_NAME),
    bus:
      env.EVENT_BUS_NAME === undefined
        ? undefined
        : new EventBridgeEventBus(new EventBridgeClient({ endpoint: env.AWS_ENDPOINT_URL }), env.EVENT_BUS_NAME),
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'aggregator' }),
    now: () => Date.now(),
    stageContext: perStage((stage) => aggregatorStageOf(tour, env.TOUR_ID, stage)),
  };
}
