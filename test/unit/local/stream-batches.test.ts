import { describe, expect, it } from 'vitest';
import {
  deliverBatch,
  type BatchPolicy,
  type GivenUpBatch,
  type InvokeResult,
  type StreamRecordRef,
} from '../../../local/stream-batches';

const POLICY: BatchPolicy = {
  batchSize: 100,
  batchingWindowMillis: 0,
  bisectOnError: true,
  retryAttempts: 10,
  maxRecordAgeMillis: -1,
  retryDelayMillis: 0,
};

function records(count: number, arrivalMs = 1_000): StreamRecordRef[] {
  return Array.from({ length: count }, (_, i) => ({ sequenceNumber: String(i + 1), arrivalMs }));
}

/** An in-memory function: records every invocation's sequence numbers and answers with `answer`. */
function recordingFunction(answer: (batch: readonly StreamRecordRef[], call: number) => InvokeResult) {
  const calls: string[][] = [];
  const invoke = async (batch: readonly StreamRecordRef[]): Promise<InvokeResult> => {
    calls.push(batch.map((r) => r.sequenceNumber));
    return answer(batch, calls.length);
  };
  return { calls, invoke };
}

function giveUpCollector() {
  const given: GivenUpBatch<StreamRecordRef>[] = [];
  return { given, giveUp: async (batch: GivenUpBatch<StreamRecordRef>) => void given.push(batch) };
}

describe('deliverBatch (event source mapping semantics)', () => {
  it('invokes once and processes every record when the function reports no failure', async () => {
    const fn = recordingFunction(() => ({ failedSequenceNumbers: [] }));
    const { given, giveUp } = giveUpCollector();

    const report = await deliverBatch(records(5), fn.invoke, giveUp, POLICY);

    expect(fn.calls).toEqual([['1', '2', '3', '4', '5']]);
    expect(report).toEqual({ invocations: 1, processedRecords: 5, givenUpRecords: 0 });
    expect(given).toEqual([]);
  });

  it('retries from the first failed record after a partial batch failure, not from the start', async () => {
    const fn = recordingFunction((_, call) => ({ failedSequenceNumbers: call === 1 ? ['4', '3'] : [] }));
    const { giveUp } = giveUpCollector();

    const report = await deliverBatch(records(5), fn.invoke, giveUp, POLICY);

    expect(fn.calls).toEqual([
      ['1', '2', '3', '4', '5'],
      ['3', '4', '5'],
    ]);
    expect(report).toEqual({ invocations: 2, processedRecords: 5, givenUpRecords: 0 });
  });

  it('retries the whole batch when a reported identifier names no record of it', async () => {
    const fn = recordingFunction((_, call) => ({ failedSequenceNumbers: call === 1 ? ['99'] : [] }));
    const { giveUp } = giveUpCollector();

    await deliverBatch(records(3), fn.invoke, giveUp, POLICY);

    expect(fn.calls).toEqual([
      ['1', '2', '3'],
      ['1', '2', '3'],
    ]);
  });

  it('bisects a batch whose invocation throws until the poison record is alone, then dead-letters only it', async () => {
    const fn = recordingFunction((batch) => {
      if (batch.some((r) => r.sequenceNumber === '6')) throw new Error('poison record 6');
      return { failedSequenceNumbers: [] };
    });
    const { given, giveUp } = giveUpCollector();

    const report = await deliverBatch(records(8), fn.invoke, giveUp, { ...POLICY, retryAttempts: 4 });

    expect(fn.calls.slice(0, 4)).toEqual([
      ['1', '2', '3', '4', '5', '6', '7', '8'],
      ['1', '2', '3', '4'],
      ['5', '6', '7', '8'],
      ['5', '6'],
    ]);
    expect(given).toHaveLength(1);
    expect(given[0]?.records.map((r) => r.sequenceNumber)).toEqual(['6']);
    expect(given[0]?.condition).toBe('RetryAttemptsExhausted');
    expect(given[0]?.invokeCount).toBe(5);
    expect(given[0]?.lastError).toEqual(new Error('poison record 6'));
    expect(report).toEqual({ invocations: fn.calls.length, processedRecords: 7, givenUpRecords: 1 });
  });

  it('retries a throwing batch whole when bisection is off, and gives up after retryAttempts retries', async () => {
    const fn = recordingFunction(() => {
      throw new Error('table throttled');
    });
    const { given, giveUp } = giveUpCollector();

    const report = await deliverBatch(records(4), fn.invoke, giveUp, {
      ...POLICY,
      bisectOnError: false,
      retryAttempts: 2,
    });

    expect(fn.calls).toEqual([
      ['1', '2', '3', '4'],
      ['1', '2', '3', '4'],
      ['1', '2', '3', '4'],
    ]);
    expect(given.map((g) => [g.condition, g.invokeCount, g.records.length])).toEqual([
      ['RetryAttemptsExhausted', 3, 4],
    ]);
    expect(report.givenUpRecords).toBe(4);
  });

  it('gives up on a retried range whose oldest record passed maxRecordAge, without invoking again', async () => {
    let now = 10_000;
    const fn = recordingFunction(() => {
      now += 5_000;
      return { failedSequenceNumbers: ['2'] };
    });
    const { given, giveUp } = giveUpCollector();

    await deliverBatch(records(3, 9_000), fn.invoke, giveUp, { ...POLICY, maxRecordAgeMillis: 3_000 }, () => now);

    expect(fn.calls).toEqual([['1', '2', '3']]);
    expect(given.map((g) => [g.condition, g.records.map((r) => r.sequenceNumber)])).toEqual([
      ['RecordAgeExceeded', ['2', '3']],
    ]);
  });

  it('tells each retry its attempt, the records it covers and the error or the failures reported', async () => {
    const fn = recordingFunction((_, call) => {
      if (call === 1) throw new Error('throttled');
      return { failedSequenceNumbers: call === 2 ? ['2'] : [] };
    });
    const { giveUp } = giveUpCollector();
    const notices: unknown[] = [];

    await deliverBatch(records(2), fn.invoke, giveUp, { ...POLICY, bisectOnError: false }, Date.now, (n) =>
      notices.push({ ...n, error: n.error instanceof Error ? n.error.message : n.error }),
    );

    expect(notices).toEqual([
      { attempt: 1, records: 2, error: 'throttled' },
      { attempt: 2, records: 1, error: undefined, reportedFailures: 1 },
    ]);
  });
});
