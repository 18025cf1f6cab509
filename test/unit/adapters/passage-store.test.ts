import { MemoryPassageStore } from '../../../lambdas/adapters/memory/passage-store';
import { passageStoreContract } from '../../helpers/contracts/passage-store.contract';

passageStoreContract('MemoryPassageStore', () => new MemoryPassageStore());
