import { MemoryQuarantineSink } from '../../../lambdas/adapters/memory/quarantine-sink';
import { MemoryRiderStateStore } from '../../../lambdas/adapters/memory/rider-state-store';
import { MemoryTrackStore } from '../../../lambdas/adapters/memory/track-store';
import { quarantineSinkContract } from '../../helpers/contracts/quarantine-sink.contract';
import { riderStateStoreContract } from '../../helpers/contracts/rider-state-store.contract';
import { trackStoreContract } from '../../helpers/contracts/track-store.contract';

riderStateStoreContract('MemoryRiderStateStore', () => new MemoryRiderStateStore());
trackStoreContract('MemoryTrackStore', () => new MemoryTrackStore());
quarantineSinkContract('MemoryQuarantineSink', () => {
  const sink = new MemoryQuarantineSink();
  return Promise.resolve({ sink, read: () => Promise.resolve(sink.objects) });
});
