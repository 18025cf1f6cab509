import {
  PutEventsCommand,
  type EventBridgeClient,
  type PutEventsRequestEntry,
  type PutEventsResultEntry,
} from '@aws-sdk/client-eventbridge';
import type { RaceEvent } from '../../../core/race';
import { storeErrorOf, StoreError, StoreThrottledError } from '../../../core/ports/errors';
import type { EventBus } from '../../../core/ports/event-bus';
import type { StageKey } from '../../../core/ports/stage-key';
import { retryThrottled, type RetryOptions } from '../timestream/retry-throttled';

/**
 * Most entries per PutEvents call.
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
 */
export const MAX_ENTRIES_PER_PUT = 10;

/** `source` of every event we publish: rules match on it. */
export const EVENT_SOURCE = 'tour-tracker';

/** `detail-type` of a race event. */
export const RACE_EVENT_DETAIL_TYPE = 'RaceEvent';

/** The `detail` of a published race event: the event plus the stage it belongs to. */
export type RaceEventDetail = RaceEvent & { readonly tour: string; readonly stage: number };

/**
 * Race events on an EventBridge bus. PutEvents can fail per entry (`FailedEntryCount`): only the failed entries are
 * sent again, with backoff, a few times; what still fails then is thrown (`StoreThrottledError` when throttled).
 */
export class EventBridgeEventBus implements EventBus {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
    private readonly retry: RetryOptions = {},
  ) {}

  async publish(stage: StageKey, events: readonly RaceEvent[]): Promise<void> {
    const entries = events.map((event) => this.entryOf(stage, event));
    for (let i = 0; i < entries.length; i += MAX_ENTRIES_PER_PUT) {
      await this.putWithRetries(entries.slice(i, i + MAX_ENTRIES_PER_PUT));
    }
  }

  private entryOf(stage: StageKey, event: RaceEvent): PutEventsRequestEntry {
    const detail: RaceEventDetail = { ...event, tour: stage.tour, stage: stage.stage };
    return {
      EventBusName: this.busName,
      Source: EVENT_SOURCE,
      DetailType: RACE_EVENT_DETAIL_TYPE,
      Time: new Date(event.tMs),
      Detail: JSON.stringify(detail),
    };
  }

  private async putWithRetries(batch: readonly PutEventsRequestEntry[]): Promise<void> {
    const attempts = this.retry.attempts ?? 4;
    const sleep = this.retry.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    let pending = [...batch];
    for (let attempt = 1; ; attempt += 1) {
      const out = await retryThrottled(
        'PutEvents',
        () => this.client.send(new PutEventsCommand({ Entries: pending })),
        this.retry,
      ).catch((error: unknown) => {
        throw error instanceof StoreError ? error : storeErrorOf('PutEvents', error);
      });
      if (!out.FailedEntryCount) return;
      const results = out.Entries ?? [];
      const failed = pending.filter((_, i) => results[i]?.ErrorCode !== undefined);
      if (attempt >= attempts) throw failureOf(failed.length, results);
      pending = failed;
      await sleep((this.retry.baseDelayMs ?? 100) * 2 ** (attempt - 1));
    }
  }
}

/** The error for entries that still failed after the last attempt: throttled if any entry was. */
function failureOf(count: number, results: readonly PutEventsResultEntry[]): StoreError {
  const codes = [...new Set(results.map((r) => r.ErrorCode).filter((c) => c !== undefined))];
  const message = `PutEvents left ${count} entries unpublished (${codes.join(', ')})`;
  return codes.some((c) => /throttl/i.test(c)) ? new StoreThrottledError(message) : new StoreError(message);
}
