import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { TimestreamWriteClient } from '@aws-sdk/client-timestream-write';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** Region and dummy credentials every local client (and every handler, through its environment) uses against moto. */
export const LOCAL_AWS = {
  region: 'eu-west-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
} as const;

/** The SDK clients local/ itself uses (resources, pollers, archive forwarder); handlers build their own. */
export interface LocalAwsClients {
  readonly kinesis: KinesisClient;
  readonly dynamo: DynamoDBClient;
  readonly dynamoStreams: DynamoDBStreamsClient;
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly timestream: TimestreamWriteClient;
  readonly events: EventBridgeClient;
  /** Closes every client's sockets. */
  destroy(): void;
}

/** Clients pointed at moto; Kinesis on HTTP/1.1 because moto rejects the SDK's HTTP/2 (NOTES-machine §3). */
export function localAwsClients(endpoint: string): LocalAwsClients {
  const base = { ...LOCAL_AWS, endpoint };
  const clients = {
    kinesis: new KinesisClient({ ...base, requestHandler: new NodeHttpHandler() }),
    dynamo: new DynamoDBClient(base),
    dynamoStreams: new DynamoDBStreamsClient(base),
    s3: new S3Client({ ...base, forcePathStyle: true }),
    sqs: new SQSClient(base),
    timestream: new TimestreamWriteClient(base),
    events: new EventBridgeClient(base),
  };
  return { ...clients, destroy: () => Object.values(clients).forEach((c) => c.destroy()) };
}

/**
 * The variables the handlers' SDK clients read in local mode: the endpoint override plus moto's region and dummy
 * credentials (the handlers' deps build clients from the default chain), and no EMF metrics on stdout.
 */
export function localAwsEnv(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: LOCAL_AWS.region,
    AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
    POWERTOOLS_METRICS_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}
