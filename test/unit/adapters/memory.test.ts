import { MemoryHistoryStore } from '../../../lambdas/adapters/memory/history-store';
import { MemoryQuarantineSink } from '../../../lambdas/adapters/memory/quarantine-sink';
import { MemoryRiderStateStore } from '../../../lambdas/adapters/memory/rider-state-store';
import { MemoryTrackStore } from '../../../lambdas/adapters/memory/track-store';
import {
  freshHistoryStage,
  historyQueryBoundsContract,
  historyReaderContract,
  historyWriterContract,
} from '../../helpers/contracts/history-store.contract';
import { quarantineSinkContract } from '../../helpers/contracts/quarantine-sink.contract';
import { riderStateStoreContract } from '../../helpers/contracts/rider-state-store.contract';
import { trackStoreContract } from '../../helpers/contracts/track-store.contract';

riderStateStoreContract('MemoryRiderStateStore', () => new MemoryRiderStateStore());
trackStoreContract('MemoryTrackStore', () => new MemoryTrackStore());
quarantineSinkContract('MemoryQuarantineSink', () => {
  const sink = new MemoryQuarantineSink();
  return Promise.resolve({ sink, read: () => Promise.resolve(sink.objects) });
});
historyWriterContract('MemoryHistoryStore', () => {
  const store = new MemoryHistoryStore();
  const stage = freshHistoryStage();
  return Promise.resolve({ writer: store, stage, stored: () => Promise.resolve(store.all(stage)) });
});
historyReaderContract('MemoryHistoryStore', () => {
  const store = new MemoryHistoryStore();
  const stage = freshHistoryStage();
  return Promise.resolve({
    reader: store,
    stage,
    seed: async (fixes) => {
      await store.write(stage, fixes);
    },
  });
});
historyQueryBoundsContract('MemoryHistoryStore', () => Promise.resolve(new MemoryHistoryStore()));
