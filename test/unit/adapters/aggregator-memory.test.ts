import { MemoryEventStore } from '../../../lambdas/adapters/memory/event-store';
import { MemorySnapshotStore } from '../../../lambdas/adapters/memory/snapshot-store';
import { eventStoreContract } from '../../helpers/contracts/event-store.contract';
import { snapshotStoreContract } from '../../helpers/contracts/snapshot-store.contract';

snapshotStoreContract('MemorySnapshotStore', () => new MemorySnapshotStore());
eventStoreContract('MemoryEventStore', () => new MemoryEventStore());
