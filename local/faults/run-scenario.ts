import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { streamFor } from '../../sim/random';
import type { MappingStats } from '../event-source-mapping';
import { localHandlerEnv } from '../handlers';
import { startLocalPipeline, type LocalPipeline } from '../pipeline';
import { wallSleep } from '../race-clock';
import { AwsFaultProxy } from './aws-fault-proxy';
import { FaultyMesh, type SentLedger } from './mesh-faults';
import { ProcessKiller } from './process-faults';
import { readStoredStage } from './read-back';
import { referenceStores } from './reference';
import { FAULT_SUITE_DYNAMICS, FAULT_SUITE_STAGE, type FaultProfile, type FaultScenario } from './scenarios';
import { scoreScenario, type ScenarioScore } from './score';
import { FaultSuiteError } from './errors';
import { StoreThrottle } from './store-throttling';

/** Share of store calls refused while a scenario throttles. */
const THROTTLED_SHARE = 0.25;

/** The pipeline is drained when nothing has moved for this long, wall ms. */
const QUIET_WALL_MILLIS = 3_000;

/** Longest wait for the pipeline to drain after the feed ends, wall ms. */
const DRAIN_TIMEOUT_MILLIS = 180_000;

/** One scenario's outcome. */
export interface ScenarioResult {
  readonly scenario: FaultScenario;
  readonly score: ScenarioScore;
  /** Lines the relay refused, by reason, and the fuzzed lines handed to it, by kind. */
  readonly relayRejected: ReadonlyMap<string, number>;
  readonly malformedLines: ReadonlyMap<string, number>;
  /** What the mesh fault did (copies, frames held back, skewed clocks). */
  readonly meshInjected: SentLedger['injected'];
  /** Types of the simulator's truth events in the window. */
  readonly truthEventTypes: ReadonlySet<string>;
  /** Fixes the relay accepted from the mesh, copies included. */
  readonly relayFixesAccepted: number;
  /** Raw bad records put on the stream. */
  readonly rawBadRecords: number;
  /** Records the mappings gave up on (sent to their on-failure queues). */
  readonly deadLettered: number;
  readonly kills: { readonly processor: number; readonly aggregator: number };
  readonly throttledCalls: number;
  /** What the timeline did, with the race second it did it at. */
  readonly log: readonly string[];
  readonly wallSeconds: number;
}

/**
 * Runs one scenario: a clean simulated stage (tdf2022 stage 3, no GPS faults) through the real relay, processor and
 * aggregator on moto, with the scenario's mesh fault applied to the frames, its timeline's faults injected on the
 * race clock, history in Timestream, the uplink and both handlers' AWS calls through fault proxies. Once the feed
 * has ended and the pipeline is quiet, the stores are read back and scored.
 */
export async function runScenario(
  scenario: FaultScenario,
  profile: FaultProfile,
  seed: number,
): Promise<ScenarioResult> {
  const started = performance.now();
  const mesh = new FaultyMesh(scenario.mesh, seed);
  const throttle = new StoreThrottle(THROTTLED_SHARE, streamFor(seed, `throttle-${scenario.name}`));
  const proxies: AwsFaultProxy[] = [];
  const proxy = async (moto: string, intercept?: StoreThrottle['intercept']): Promise<AwsFaultProxy> => {
    const p = new AwsFaultProxy(new URL(moto), intercept);
    proxies.push(p);
    await p.start();
    return p;
  };
  let uplink: AwsFaultProxy | undefined;
  const stores: Partial<Record<'processor' | 'aggregator', AwsFaultProxy>> = {};
  let killer: ProcessKiller | undefined;
  let pipeline: LocalPipeline | undefined;
  try {
    pipeline = await startLocalPipeline({
      stage: FAULT_SUITE_STAGE,
      speed: profile.speed,
      seed,
      faults: 'none',
      simulation: { dynamics: { ...FAULT_SUITE_DYNAMICS, ...scenario.dynamics } },
      riders: profile.riders,
      maxSeconds: profile.seconds,
      historyStore: 'timestream',
      frameLines: mesh,
      relayEndpoint: async (moto) => {
        uplink = await proxy(moto);
        return endpointOf(uplink);
      },
      handlerEndpoint: async (moto, handler) => {
        if (handler === 'api') return moto;
        const p = await proxy(moto, throttle.intercept);
        stores[handler] = p;
        return endpointOf(p);
      },
      wrapHandlers: (handlers, rebuild) => {
        if (!stores.processor || !stores.aggregator) throw new FaultSuiteError('the store proxies are not running');
        killer = new ProcessKiller({ processor: stores.processor, aggregator: stores.aggregator });
        return killer.wrap(handlers, rebuild);
      },
    });
    const running = pipeline;
    if (!uplink || !killer) throw new FaultSuiteError('the fault proxies are not in place');
    let rawBadRecords = 0;
    const controls = {
      uplink,
      throttle,
      killer,
      putRawRecords: async (records: readonly string[]) => {
        rawBadRecords += records.length;
        await running.clients.kinesis.send(
          new PutRecordsCommand({
            StreamName: running.resources.names.stream,
            Records: records.map((data, i) => ({ Data: Buffer.from(data), PartitionKey: `hostile-${i}` })),
          }),
        );
      },
    };
    const log = await playTimeline(running, scenario, controls);
    await running.feed.done;
    await drain(running, rawBadRecords);
    const stage = { tour: running.tourId, stage: running.stage.number };
    const [stored, reference] = await Promise.all([
      readStoredStage(running.moto.endpoint, running.clients, running.resources, stage),
      // The reference runs on memory stores: its environment only names the tour and the history store.
      referenceStores(localHandlerEnv(running.tourId, running.resources, running.moto.endpoint), mesh.ledger.frames),
    ]);
    return {
      scenario,
      score: scoreScenario(mesh.ledger, reference, stored),
      relayRejected: new Map(running.relay.stats.rejected),
      malformedLines: mesh.ledger.malformedLines,
      meshInjected: mesh.ledger.injected,
      truthEventTypes: new Set(mesh.ledger.truthEvents.map((e) => e.type)),
      relayFixesAccepted: running.relay.stats.fixesAccepted,
      rawBadRecords,
      deadLettered: running.processor.stats().givenUpRecords + running.aggregator.stats().givenUpRecords,
      kills: { ...killer.kills },
      throttledCalls: [...throttle.refused.values()].reduce((a, b) => a + b, 0),
      log,
      wallSeconds: (performance.now() - started) / 1000,
    };
  } finally {
    await pipeline?.stop();
    for (const p of proxies) await p.stop();
  }
}

/** Runs the timeline's steps on the race clock while the feed plays; returns what was done when. */
async function playTimeline(
  pipeline: LocalPipeline,
  scenario: FaultScenario,
  controls: Parameters<FaultScenario['timeline'][number]['run']>[0],
): Promise<string[]> {
  const log: string[] = [];
  const startMs = pipeline.clock.startRaceMs + 1_000;
  for (const step of [...scenario.timeline].sort((a, b) => a.atSecond - b.atSecond)) {
    await pipeline.clock.until(startMs + step.atSecond * 1_000);
    await step.run(controls);
    log.push(`${step.atSecond} s: ${step.what}`);
  }
  return log;
}

/**
 * Waits until everything sent is processed: the relay has nothing unacknowledged, the processor has read at least
 * every record put on the stream and has finished with each one it read (processed, filtered or given up), the
 * aggregator likewise, and neither mapping has moved for `QUIET_WALL_MILLIS` (the aggregator's input is the
 * processor's output). Quiet alone is not enough: one invocation retrying a throttled store can sit for seconds.
 */
async function drain(pipeline: LocalPipeline, rawRecords: number): Promise<void> {
  const deadline = performance.now() + DRAIN_TIMEOUT_MILLIS;
  const figures = (): string => JSON.stringify([pipeline.processor.stats(), pipeline.aggregator.stats()].map(moving));
  const settled = (): boolean => {
    const processor = pipeline.processor.stats();
    return (
      pipeline.relay.drained &&
      processor.recordsRead >= pipeline.relay.stats.recordsSent + rawRecords &&
      finished(processor) &&
      finished(pipeline.aggregator.stats())
    );
  };
  let last = figures();
  let quietSince = performance.now();
  while (performance.now() < deadline) {
    await wallSleep(250);
    const now = figures();
    if (now !== last || !settled()) {
      last = now;
      quietSince = performance.now();
    } else if (performance.now() - quietSince >= QUIET_WALL_MILLIS) return;
  }
  throw new FaultSuiteError(`the pipeline did not drain within ${DRAIN_TIMEOUT_MILLIS / 1000} s`);
}

/** True when a mapping has dealt with every record it read (none is in an invocation or waiting for a retry). */
function finished(stats: MappingStats): boolean {
  return stats.recordsDelivered + stats.recordsFiltered + stats.givenUpRecords >= stats.recordsRead;
}

function moving(stats: MappingStats): number[] {
  return [stats.recordsRead, stats.recordsDelivered, stats.invocations, stats.givenUpRecords];
}

function endpointOf(proxy: AwsFaultProxy): string {
  if (!proxy.endpoint) throw new FaultSuiteError('the proxy is not listening');
  return proxy.endpoint;
}
