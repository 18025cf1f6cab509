import type { RaceEvent } from '../../../core/race';
import type { EventBus } from '../../../core/ports/event-bus';
import { stagePartitionKey, type StageKey } from '../../../core/ports/stage-key';
import { FaultQueue } from './faults';

/** In-memory `EventBus`: keeps every publication in order (a repeat is kept too, as EventBridge would deliver it). */
export class MemoryEventBus implements EventBus {
  /** Faults thrown by the next calls. */
  readonly faults = new FaultQueue();
  /** Every published event with its stage partition key, in publication order. */
  readonly published: { readonly stage: string; readonly event: RaceEvent }[] = [];

  publish(stage: StageKey, events: readonly RaceEvent[]): Promise<void> {
    this.faults.check();
    const pk = stagePartitionKey(stage);
    for (const event of events)
      this.published.push({ stage: pk, event: JSON.parse(JSON.stringify(event)) as RaceEvent });
    return Promise.resolve();
  }
}
