import { CfnOutput, Lazy, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AggregationConstruct } from '../constructs/aggregation';
import { ApiConstruct } from '../constructs/api';
import { FAN_PATH_PATTERNS, publicQueryStrings } from '../constructs/api-routes';
import { ArchiveConstruct } from '../constructs/archive';
import { EventsConstruct } from '../constructs/events';
import { IngestConstruct } from '../constructs/ingest';
import { ProcessingConstruct } from '../constructs/processing';
import { StorageConstruct } from '../constructs/storage';
import { WafConstruct } from '../constructs/waf';
import { WebConstruct } from '../constructs/web';
import { stackId, tourTags } from '../../core/tour-config/naming';
import type { TourConfig } from '../../core/tour-config/schema';

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

/**
 * Ingest stream, raw archive, storage, processing, race events bus, fan API behind its WAF and the second-screen page
 * of one tour, in its primary region (`TourTracker-<tourId>-Core`).
 */
export class CoreStack extends Stack {
  /** The Kinesis stream and the edge relay's producer role. */
  readonly ingest: IngestConstruct;
  /** Firehose from the stream to the raw S3 archive. */
  readonly archive: ArchiveConstruct;
  /** The state table and, when the tour's history store is timestream, the Timestream history. */
  readonly storage: StorageConstruct;
  /** The processor Lambda on the stream, its quarantine bucket and its DLQ. */
  readonly processing: ProcessingConstruct;
  /** The aggregator Lambda on the state table's stream (snapshots, passages, race events) and its DLQ. */
  readonly aggregation: AggregationConstruct;
  /** The race events bus (stories of the race) with its replay archive. */
  readonly events: EventsConstruct;
  /** The fan and partner REST API, its `live` Lambda alias, stage cache and partner usage plan. */
  readonly api: ApiConstruct;
  /** The REGIONAL web ACL on the API stage. */
  readonly waf: WafConstruct;
  /** The second-screen page on CloudFront. */
  readonly web: WebConstruct;

  constructor(scope: Construct, props: CoreStackProps) {
    const { tour, account, ...stackProps } = props;
    super(scope, stackId(tour, 'Core'), {
      description: `tour-tracker core (ingest, archive, storage, processing, events, API, WAF, page) for ${tour.name}`,
      ...stackProps,
      env: { account: account ?? process.env.CDK_DEFAULT_ACCOUNT, region: tour.regions.primary },
    });
    for (const [key, value] of Object.entries(tourTags(tour))) Tags.of(this).add(key, value);

    this.ingest = new IngestConstruct(this, 'Ingest');
    this.archive = new ArchiveConstruct(this, 'Archive', { stream: this.ingest.stream, tourId: tour.id });
    this.storage = new StorageConstruct(this, 'Storage', {
      historyStore: tour.history.store,
      archiveBucket: this.archive.bucket,
      tourId: tour.id,
    });
    this.events = new EventsConstruct(this, 'Events', { tourId: tour.id });
    this.processing = new ProcessingConstruct(this, 'Processing', {
      stream: this.ingest.stream,
      stateTable: this.storage.table,
      tourId: tour.id,
      accessLogsBucket: this.archive.logsBucket,
      history: this.storage.history,
    });
    this.aggregation = new AggregationConstruct(this, 'Aggregation', {
      stateTable: this.storage.table,
      tourId: tour.id,
      eventBus: this.events.bus,
    });

    this.api = new ApiConstruct(this, 'Api', {
      stateTable: this.storage.table,
      tourId: tour.id,
      history: this.storage.history,
      // Fans reach the API on the page's own origin; naming it admits no other site. The distribution exists later.
      corsAllowOrigin: Lazy.string({ produce: () => this.web.pageOrigin }),
    });
    this.waf = new WafConstruct(this, 'Waf', { stage: this.api.stage, name: `${tour.id}-api` });
    this.web = new WebConstruct(this, 'Web', {
      fanApi: {
        domainName: this.api.domainName,
        stageName: this.api.stageName,
        pathPatterns: FAN_PATH_PATTERNS,
        queryStrings: publicQueryStrings(),
        originHeader: this.waf.originVerifyHeader,
      },
      tourId: tour.id,
    });

    new CfnOutput(this, 'ApiUrl', {
      description: 'Regional API base URL (stage included), for partners; fans use the page URL origin',
      value: this.api.url,
    });
    new CfnOutput(this, 'PageUrl', { description: 'Second-screen page', value: this.web.pageUrl });
    new CfnOutput(this, 'PartnerApiKeyId', {
      description: 'Id of the first partner API key; read its value with aws apigateway get-api-key --include-value',
      value: this.api.partnerKey.keyId,
    });
    new CfnOutput(this, 'RaceEventsBusName', { description: 'Race events bus', value: this.events.bus.eventBusName });

    Tags.of(this.ingest).add('component', 'ingest');
    Tags.of(this.archive).add('component', 'archive');
    Tags.of(this.storage).add('component', 'storage');
    Tags.of(this.processing).add('component', 'processing');
    // The aggregator is part of DESIGN §5's processing concern: cost reports keep counting it there.
    Tags.of(this.aggregation).add('component', 'processing');
    Tags.of(this.events).add('component', 'events');
    Tags.of(this.api).add('component', 'api');
    Tags.of(this.waf).add('component', 'waf');
    Tags.of(this.web).add('component', 'web');
  }
}
