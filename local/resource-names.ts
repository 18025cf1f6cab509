/**
 * Names of the resources local mode creates in moto. The CDK constructs let CloudFormation generate their names
 * (so two tours can share an account), so there is no deployed name to reuse: these are local names, one per
 * construct resource, derived from the tour id so two rehearsals of different tours never collide.
 */
export interface LocalResourceNames {
  /** Ingest stream (IngestConstruct.stream). */
  readonly stream: string;
  /** State table with its new-image stream (StorageConstruct.table). */
  readonly stateTable: string;
  /** Raw archive bucket (ArchiveConstruct.bucket), written by the local archive forwarder. */
  readonly archiveBucket: string;
  /** Firehose delivery stream name, which Firehose puts in every archive object key. */
  readonly deliveryStream: string;
  /** Quarantine bucket (ProcessingConstruct.quarantineBucket). */
  readonly quarantineBucket: string;
  /** On-failure destination of the processor's event source mapping (ProcessingConstruct.dlq). */
  readonly processorDlq: string;
  /** On-failure destination of the aggregator's event source mapping. */
  readonly aggregatorDlq: string;
  /** Timestream database and table (StorageConstruct.history: HistoryStoreConstruct.database / table) when history is `timestream`. */
  readonly timestreamDatabase: string;
  readonly timestreamTable: string;
  /** EventBridge bus race events are published on. */
  readonly eventBus: string;
}

/** The local resource names of a tour. */
export function localResourceNames(tourId: string): LocalResourceNames {
  const prefix = `tour-tracker-${tourId}`;
  return {
    stream: `${prefix}-ingest`,
    stateTable: `${prefix}-state`,
    archiveBucket: `${prefix}-archive`,
    deliveryStream: `${prefix}-archive-delivery`,
    quarantineBucket: `${prefix}-quarantine`,
    processorDlq: `${prefix}-processor-dlq`,
    aggregatorDlq: `${prefix}-aggregator-dlq`,
    timestreamDatabase: `${prefix}-history`,
    timestreamTable: 'fixes',
    eventBus: `${prefix}-events`,
  };
}
