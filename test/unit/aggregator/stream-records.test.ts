import { describe, expect, it } from 'vitest';
import { touchedStages } from '../../../lambdas/aggregator/stream-records';
import { storedRider } from '../../helpers/contracts/rider-state-store.contract';
import { riderStreamRecord, streamRecord } from '../../helpers/dynamodb-stream-event';

describe('touchedStages', () => {
  it('groups rider records by stage with their newest fix time and sequence numbers', () => {
    const records = [
      streamRecord('STAGE#tdf2022#3', 'RIDER#1', '10', 5_000),
      streamRecord('STAGE#tdf2022#2', 'RIDER#1', '11', 7_000),
      streamRecord('STAGE#tdf2022#3', 'RIDER#6', '12', 9_000),
      streamRecord('STAGE#tdf2022#3', 'RIDER#8', '13', 4_000),
    ];
    expect(touchedStages(records, 'tdf2022')).toEqual([
      { stage: 2, newestFixMs: 7_000, sequenceNumbers: ['11'], riders: new Map() },
      { stage: 3, newestFixMs: 9_000, sequenceNumbers: ['10', '12', '13'], riders: new Map() },
    ]);
  });

  it("carries each rider's newest state image, so the aggregator need not read him", () => {
    const stage = { tour: 'tdf2022', stage: 3 };
    const records = [
      riderStreamRecord(stage, storedRider(1, 5_000), '10', true),
      riderStreamRecord(stage, storedRider(1, 7_000), '11', true),
      riderStreamRecord(stage, storedRider(6, 6_000), '12', true),
      riderStreamRecord(stage, storedRider(8, 4_000), '13'),
    ];

    const [touched] = touchedStages(records, 'tdf2022');

    expect([...(touched?.riders ?? new Map()).entries()].map(([bib, r]) => [bib, r.newestFixMs])).toEqual([
      [1, 7_000],
      [6, 6_000],
    ]);
  });

  it('ignores non-rider items, other tours, removals and malformed keys', () => {
    const records = [
      streamRecord('STAGE#tdf2022#3', 'SNAPSHOT', '1', 5_000),
      streamRecord('STAGE#tdf2022#3', 'EVENT#00000000005000#3-finish-1', '2', 5_000),
      streamRecord('STAGE#tdf2022#3', 'RIDER#1', '3', 5_000, 'REMOVE'),
      streamRecord('STAGE#tdf2022-b#3', 'RIDER#1', '4', 5_000),
      streamRecord('STAGE#tdf2022#x', 'RIDER#1', '5', 5_000),
      streamRecord('STAGE#tdf2022#3', 'RIDER#1', '6'),
    ];
    expect(touchedStages(records, 'tdf2022')).toEqual([]);
  });
});
