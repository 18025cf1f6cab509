import type { Rng } from '../../sim/random';
import { awsErrorReply, type InjectedReply, type ProxiedCall } from './aws-fault-proxy';

/** The throttling errors each store answers with when it is over its capacity. */
const THROTTLE_ERROR_BY_PREFIX: readonly (readonly [prefix: string, error: string])[] = [
  ['DynamoDB_20120810.', 'ProvisionedThroughputExceededException'],
  ['Timestream_20181101.', 'ThrottlingException'],
];

/** A switchable throttle for `AwsFaultProxy.intercept`: while on, `share` of the store calls are refused. */
export class StoreThrottle {
  on = false;
  /** Calls refused so far, by error. */
  readonly refused = new Map<string, number>();

  constructor(
    private readonly share: number,
    private readonly rng: Rng,
  ) {}

  readonly intercept = (call: ProxiedCall): InjectedReply | undefined => {
    if (!this.on) return undefined;
    const match = THROTTLE_ERROR_BY_PREFIX.find(([prefix]) => call.target.startsWith(prefix));
    if (match === undefined || !this.rng.chance(this.share)) return undefined;
    const [, error] = match;
    this.refused.set(error, (this.refused.get(error) ?? 0) + 1);
    return awsErrorReply(error, 'Rate exceeded (injected by the fault suite)');
  };
}
