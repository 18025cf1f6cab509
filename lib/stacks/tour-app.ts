import type { Construct } from 'constructs';
import type { TourConfig } from '../tour-config/schema';
import { CoreStack } from './core-stack';

/** The stacks of one tour's deployment, built from its validated config (bin/app.ts and the infra tests share this). */
export interface TourStacks {
  readonly core: CoreStack;
}

/** Creates every stack of a tour in `scope`; the caller registers cdk-nag and synthesizes. */
export function buildTourApp(scope: Construct, tour: TourConfig): TourStacks {
  const core = new CoreStack(scope, { tour });
  return { core };
}
