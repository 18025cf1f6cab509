import { Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ArchiveConstruct } from '../constructs/archive';
import { IngestConstruct } from '../constructs/ingest';
import { ProcessingConstruct } from '../constructs/processing';
import { StorageConstruct } from '../constructs/storage';
import { stackId, tourTags } from '../tour-config/naming';
import type { TourConfig } from '../tour-config/schema';

/** The core of one tour's deployment. */
export interface CoreStackProps extends Omit<StackProps, 'env'> {
  /** The validated tour config: its id names the stack and its resources, its regions and history store shape them. */
  readonly tour: TourConfig;
  /**
   * The account to deploy to.
   * @default process.env.CDK_DEFAULT_ACCOUNT — the CLI's current account, or unresolved (env-agnostic) offline
   */
  readonly account?: string;
}

/** Ingest stream, raw archive, storage and processing of one tour, in its primary region (`TourTracker-<tourId>-Core`). */
export class CoreStack extends Stack {
  /** The Kinesis stream and the edge relay's producer role. */
  readonly ingest: IngestConstruct;
  /** Firehose from the stream to the raw S3 archive. */
  readonly archive: ArchiveConstruct;
  /** The state table and, when the tour's history store is timestream, the Timestream history. */
  readonly storage: StorageConstruct;
  /** The processor Lambda on the stream, its quarantine bucket and its DLQ. */
  readonly processing: ProcessingConstruct;

  constructor(scope: Construct, props: CoreStackProps) {
    const { tour, account, ...stackProps } = props;
    super(scope, stackId(tour, 'Core'), {
      description: `tour-tracker core (ingest, archive, storage, processing) for ${tour.name}`,
      ...stackProps,
      env: { account: account ?? process.env.CDK_DEFAULT_ACCOUNT, region: tour.regions.primary },
    });
    for (const [key, value] of Object.entries(tourTags(tour))) Tags.of(this).add(key, value);

    this.ingest = new IngestConstruct(this, 'Ingest');
    this.archive = new ArchiveConstruct(this, 'Archive', { stream: this.ingest.stream, tourId: tour.id });
    this.storage = new StorageConstruct(this, 'Storage', { historyStore: tour.history.store });
    this.processing = new ProcessingConstruct(this, 'Processing', {
      stream: this.ingest.stream,
      stateTable: this.storage.table,
      tourId: tour.id,
      accessLogsBucket: this.archive.logsBucket,
    });

    Tags.of(this.ingest).add('component', 'ingest');
    Tags.of(this.archive).add('component', 'archive');
    Tags.of(this.storage).add('component', 'storage');
    Tags.of(this.processing).add('component', 'processing');
  }
}
