import { Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { BackupVaultConstruct } from '../constructs/backup';
import { tourTags } from '../../core/tour-config/naming';
import type { TourConfig } from '../../core/tour-config/schema';

/** The backup region's part of one tour's deployment. */
export interface BackupStackProps extends Omit<StackProps, 'env'> {
  /** The validated tour config: its id names the stack and the resources, `regions.backup` places it. */
  readonly tour: TourConfig;
  /**
   * The account to deploy to (the core stack's: replication and backup copies stay in one account).
   * @default process.env.CDK_DEFAULT_ACCOUNT — the CLI's current account, or unresolved (env-agnostic) offline
   */
  readonly account?: string;
}

/**
 * Copies vault and archive replica in the tour's backup region (`TourTracker-<tourId>-Backup`). It deploys before
 * the core stack, whose backup plan and S3 replication name these resources (no cross-region references).
 */
export class BackupStack extends Stack {
  /** The copies vault and the archive replica bucket. */
  readonly vault: BackupVaultConstruct;

  constructor(scope: Construct, props: BackupStackProps) {
    const { tour, account, ...stackProps } = props;
    // naming.ts's StackPart has no `Backup`: the id is spelled out, by the same TourTracker-<tourId>-<Part> rule.
    super(scope, `TourTracker-${tour.id}-Backup`, {
      description: `tour-tracker backup copies and archive replica for ${tour.name}`,
      ...stackProps,
      env: { account: account ?? process.env.CDK_DEFAULT_ACCOUNT, region: tour.regions.backup },
    });
    for (const [key, value] of Object.entries(tourTags(tour))) Tags.of(this).add(key, value);
    Tags.of(this).add('component', 'backup');

    this.vault = new BackupVaultConstruct(this, 'Backup', { tourId: tour.id });
  }
}
