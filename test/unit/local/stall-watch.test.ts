import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RelayStatus } from '../../../edge/status';
import type { EventSourceMapping, MappingStats, ShardHealth } from '../../../local/event-source-mapping';
import { startStallWatch, STALL_AFTER_WALL_MILLIS } from '../../../local/stall-watch';
import { formatStatusLine, type RehearsalStatus } from '../../../local/status-line';

/** A mapping whose shards report what the test sets. */
function fakeMapping(shards: ShardHealth[], givenUpRecords = 0): EventSourceMapping & { shards: ShardHealth[] } {
  const stats = { givenUpRecords } as MappingStats;
  const mapping = {
    shards,
    stats: () => stats,
    health: () => mapping.shards,
    stop: async () => undefined,
    done: Promise.resolve(),
  };
  return mapping;
}

function relayStatus(oldestUnsentAgeMillis: number, unackedBytes = 0): RelayStatus {
  return { spool: { unackedBytes }, oldestUnsentAgeMillis } as unknown as RelayStatus;
}

const healthy: ShardHealth = { shardId: 'shardId-000000000000', pendingRecords: 0, sinceProgressMillis: 10 };
const held: ShardHealth = {
  shardId: 'shardId-000000000001',
  pendingRecords: 40,
  sinceProgressMillis: STALL_AFTER_WALL_MILLIS + 2_000,
  retry: { attempt: 3, records: 40, error: Object.assign(new Error('slow down'), { name: 'StoreThrottledError' }) },
};

afterEach(() => {
  vi.useRealTimers();
});

describe('startStallWatch', () => {
  it('names a shard that holds records without moving on, the batch being retried and the records given up', () => {
    vi.useFakeTimers();
    const processor = fakeMapping([healthy, held], 25);
    const logger = new Logger({ serviceName: 'test' });
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const watch = startStallWatch({
      mappings: { processor, aggregator: fakeMapping([healthy]) },
      relayStatus: () => relayStatus(80_000, 3_000_000),
      speed: 10,
      logger,
    });

    vi.advanceTimersByTime(3_000);
    const alerts = watch.alerts();
    watch.stop();

    expect(alerts.stalled).toEqual([
      {
        mapping: 'processor',
        shardId: 'shardId-000000000001',
        sinceProgressMillis: STALL_AFTER_WALL_MILLIS + 2_000,
        pendingRecords: 40,
        error: 'StoreThrottledError',
      },
    ]);
    expect(alerts.retrying).toEqual([
      { mapping: 'processor', shardId: 'shardId-000000000001', attempt: 3, records: 40, error: 'StoreThrottledError' },
    ]);
    expect(alerts.deadLetteredRecords).toBe(25);
    expect(alerts.relayOldestUnsentWallMillis).toBe(8_000);
    // Logged once when each began, not once a second.
    expect(warn.mock.calls.map((c) => c[0])).toEqual(['shard stalled', 'relay backlog growing']);
  });

  it('logs a stall as over once the shard moves on, and reports nothing on a healthy pipeline', () => {
    vi.useFakeTimers();
    const processor = fakeMapping([held]);
    const logger = new Logger({ serviceName: 'test' });
    vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const info = vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    const watch = startStallWatch({ mappings: { processor }, relayStatus: () => relayStatus(100), speed: 1, logger });

    vi.advanceTimersByTime(1_000);
    processor.shards = [{ ...healthy, shardId: held.shardId }];
    vi.advanceTimersByTime(1_000);
    const alerts = watch.alerts();
    watch.stop();

    expect(info.mock.calls.map((c) => [c[0], c[1]])).toEqual([
      ['shard advancing again', { mapping: 'processor', shardId: held.shardId }],
    ]);
    expect(alerts).toEqual({
      stalled: [],
      retrying: [],
      deadLetteredRecords: 0,
      relayUnackedBytes: 0,
      relayOldestUnsentWallMillis: 100,
    });
  });
});

describe('formatStatusLine', () => {
  const status: RehearsalStatus = {
    tour: 'tdf2022',
    stage: 7,
    speed: 10,
    raceClockMs: Date.UTC(2022, 6, 8, 10, 0, 0),
    timeZone: 'Europe/Paris',
    headKmToGo: 120,
    fixesPerSecond: 1_650,
    freshnessP50RaceMillis: 9_000,
    freshnessP50WallMillis: 900,
    ridersReporting: 135,
    ridersKnown: 135,
    groups: 2,
    quarantined: 1,
    deadLettered: 0,
    relayUnackedBytes: 20_000,
    relayOldestUnsentWallMillis: 300,
    stalled: [],
    retrying: [],
  };

  it('says nothing of stalls when there are none', () => {
    expect(formatStatusLine(status)).not.toMatch(/STALLED|retrying|dead-lettered|relay backlog/);
  });

  it('puts a stalled shard, a retried batch, dead letters and the relay backlog on the line', () => {
    const line = formatStatusLine({
      ...status,
      deadLettered: 12,
      relayUnackedBytes: 4_200_000,
      relayOldestUnsentWallMillis: 14_000,
      stalled: [
        { mapping: 'processor', shardId: 'shardId-1', sinceProgressMillis: 12_400, pendingRecords: 96, error: 'E' },
      ],
      retrying: [{ mapping: 'processor', shardId: 'shardId-1', attempt: 3, records: 96, error: 'E' }],
    });

    expect(line).toContain('STALLED processor shardId-1 12 s (96 records waiting, E)');
    expect(line).toContain('retrying processor shardId-1 attempt 3 (E)');
    expect(line).toContain('12 records dead-lettered');
    expect(line).toContain('relay backlog 4.2 MB, oldest unsent 14 s');
  });
});
