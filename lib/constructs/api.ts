import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction, NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ApiEnv } from '../../lambdas/api/env';
import { API_ROUTES, type ApiRoute } from '../../lambdas/api/routes';
import { historyStoreVariables } from '../../lambdas/shared/env-fields';
import { authorizationReasons, cacheTtlOf, requestParametersOf } from './api-routes';
import type { HistoryStoreConstruct } from './history-store';
import { tourFunction } from './lambda-defaults';
import { encryptedLogGroup } from './secure-defaults';

/** The API's entry point (exports `handler`; routes on the request path itself). */
const API_ENTRY = fileURLToPath(new URL('../../lambdas/api/handler.ts', import.meta.url));

/** Variables the API reads in AWS; typed against its zod schema so a renamed variable fails `tsc`. */
type ApiEnvironment = Partial<Record<Exclude<keyof ApiEnv, 'AWS_ENDPOINT_URL'>, string>> &
  Record<'STATE_TABLE_NAME' | 'TOUR_ID' | 'HISTORY_STORE' | 'CORS_ALLOW_ORIGIN', string>;

/** Requests per second and burst of a throttle. */
export interface ApiThrottle {
  readonly rateLimitPerSecond: number;
  readonly burstLimit: number;
}

/** The fan and partner API: REST API Gateway → one API Lambda through its `live` alias (DESIGN §2). */
export interface ApiProps {
  /** Snapshots, events, rider tracks; the API gets GetItem/Query/BatchGetItem and kms:Decrypt on its key only. */
  readonly stateTable: dynamodb.ITable;
  /** Tour id of the config the API loads and serves, e.g. `tdf2022`; also names the log groups. */
  readonly tourId: string;
  /**
   * Source of the partner history route (IAM auth): the Timestream fixes table, or the raw S3 archive when the tour
   * has no Timestream (StorageConstruct's history). Read access is granted on it only.
   * @default undefined — no history route is created
   */
  readonly history?: HistoryStoreConstruct;
  /**
   * The one origin allowed to read the public routes from a browser on another site. The second-screen page reaches
   * the API through its own distribution (same origin) and partners call from servers, so neither needs CORS; the
   * core stack passes the page's own origin, which admits no other site.
   * @default '*' — public race data carries no credentials; pass an origin to narrow it
   */
  readonly corsAllowOrigin?: string;
  /**
   * Stage throttle for every method (requests/s and burst), below the account's regional quota of 10,000 rps.
   * @default 2,000 rps, burst 4,000 — the stage cache answers most fan polls; one tour must not starve the region
   */
  readonly stageThrottle?: ApiThrottle;
  /**
   * Throttle of each partner API key (usage plan).
   * @default 100 rps, burst 200 — a broadcaster's graphics engine polls a handful of endpoints each second
   */
  readonly partnerThrottle?: ApiThrottle;
  /**
   * How long the stage cache keeps live replies (live positions, riders, events, classification).
   * @default Duration.seconds(1) — the handler's own `max-age` for live replies: thousands of polls per second share
   * one Lambda call, and no reply is older than the handler promises
   */
  readonly liveCacheTtl?: Duration;
  /**
   * Stage cache size, GB.
   * @default '0.5' — one tour's snapshots, events and riders are a few MB
   */
  readonly cacheClusterSize?: string;
  /**
   * How long access and execution logs are kept.
   * @default logs.RetentionDays.ONE_MONTH — long enough to investigate a stage after it ends
   */
  readonly logRetention?: logs.RetentionDays;
  /** Merged over our function defaults; the entry point, runtime, tracing, log group and environment always win. */
  readonly functionProps?: Partial<NodejsFunctionProps>;
}

/** REST API with validation, stage cache, throttling, access logs, tracing, partner keys and IAM-only history. */
export class ApiConstruct extends Construct {
  /** The API function. */
  readonly apiFunction: NodejsFunction;
  /** The `live` alias API Gateway invokes; scheduled provisioned concurrency attaches here. */
  readonly apiAlias: lambda.Alias;
  /** The REST API. */
  readonly restApi: apigateway.RestApi;
  /** The deployed stage (cache cluster, throttling, logs); the WAF is associated with it. */
  readonly stage: apigateway.Stage;
  /** Validates every method's required path and query parameters (and bodies, should a route ever take one). */
  readonly requestValidator: apigateway.RequestValidator;
  /** Usage plan of partner API keys. */
  readonly partnerPlan: apigateway.UsagePlan;
  /** The first partner API key; its value stays in API Gateway (read it with `aws apigateway get-api-key`). */
  readonly partnerKey: apigateway.IApiKey;
  /** Access logs of the stage, KMS-encrypted. */
  readonly accessLogGroup: logs.LogGroup;
  /** Execution logs of the stage (INFO), created ahead of API Gateway so that they are KMS-encrypted and expire. */
  readonly executionLogGroup: logs.LogGroup;
  /**
   * Host of the regional endpoint (`<id>.execute-api.<region>.<suffix>`), the page distribution's API origin. Built
   * from the REST API id only, not from `url`: `url` names the stage, and the stage depends (through its deployment,
   * methods and function) on the page origin the function allows by CORS, so the distribution must not depend on it.
   */
  readonly domainName: string;
  /** Name of the one stage (`prod`): the first segment of every regional path, `/{stage}/v1/...`. */
  readonly stageName: string;
  /** The API's origin (`https://<domainName>`). */
  readonly origin: string;
  /** The regional base URL with its stage, e.g. `https://…/prod/`: what partners call. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const stageName = 'prod';
    this.stageName = stageName;
    const retention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;

    this.apiFunction = this.createFunction(props, retention);
    this.apiAlias = new lambda.Alias(this, 'Live', { aliasName: 'live', version: this.apiFunction.currentVersion });
    this.grantReads(props);

    this.accessLogGroup = encryptedLogGroup(this, 'AccessLogs', {
      logGroupName: `/aws/apigateway/tour-tracker-${props.tourId}-access`,
      retention,
      description: `Encrypts the ${props.tourId} API access logs`,
    }).logGroup;

    const liveTtl = props.liveCacheTtl ?? Duration.seconds(1);
    const stageThrottle = props.stageThrottle ?? { rateLimitPerSecond: 2000, burstLimit: 4000 };
    // Without a history source the handler could only answer 503: the route is not created at all.
    const routes = API_ROUTES.filter((route) => route.auth !== 'iam' || props.history !== undefined);
    const methodOptions: Record<string, apigateway.MethodDeploymentOptions> = {};
    for (const route of routes) {
      const cacheTtl = cacheTtlOf(route.cache, liveTtl);
      if (cacheTtl === undefined) continue;
      methodOptions[`${route.template}/GET`] = { cachingEnabled: true, cacheTtl, cacheDataEncrypted: true };
    }
    this.restApi = new apigateway.RestApi(this, 'RestApi', {
      description: `tour-tracker ${props.tourId} fan and partner API`,
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      cloudWatchRole: true,
      deployOptions: {
        stageName,
        tracingEnabled: true,
        metricsEnabled: true,
        loggingLevel: apigateway.MethodLoggingLevel.INFO,
        dataTraceEnabled: false,
        throttlingRateLimit: stageThrottle.rateLimitPerSecond,
        throttlingBurstLimit: stageThrottle.burstLimit,
        cacheClusterEnabled: true,
        cacheClusterSize: props.cacheClusterSize ?? '0.5',
        cachingEnabled: false,
        cacheDataEncrypted: true,
        accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields(),
        methodOptions,
      },
    });
    this.stage = this.restApi.deploymentStage;
    // API Gateway would create the execution log group itself on first use: unencrypted and kept forever.
    this.executionLogGroup = encryptedLogGroup(this, 'ExecutionLogs', {
      logGroupName: `API-Gateway-Execution-Logs_${this.restApi.restApiId}/${stageName}`,
      retention,
      description: `Encrypts the ${props.tourId} API execution logs`,
    }).logGroup;
    this.stage.node.addDependency(this.executionLogGroup);
    this.requestValidator = this.restApi.addRequestValidator('Parameters', {
      validateRequestParameters: true,
      // GET routes carry no body; body validation is on so that a future POST route cannot skip it.
      validateRequestBody: true,
    });
    const cors: apigateway.CorsOptions = {
      allowOrigins: [props.corsAllowOrigin ?? '*'],
      allowMethods: ['GET', 'OPTIONS'],
      allowHeaders: ['Content-Type', 'If-None-Match'],
      maxAge: Duration.hours(1),
    };
    for (const route of routes) this.addRoute(route, this.requestValidator, cors, liveTtl);
    for (const [responseId, type] of [
      ['Default4xx', apigateway.ResponseType.DEFAULT_4XX],
      ['Default5xx', apigateway.ResponseType.DEFAULT_5XX],
    ] as const) {
      // Throttling (429) and validation (400) replies come from API Gateway itself; the page must be able to read them.
      this.restApi.addGatewayResponse(responseId, {
        type,
        responseHeaders: { 'Access-Control-Allow-Origin': `'${props.corsAllowOrigin ?? '*'}'` },
      });
    }

    const partnerThrottle = props.partnerThrottle ?? { rateLimitPerSecond: 100, burstLimit: 200 };
    this.partnerPlan = this.restApi.addUsagePlan('PartnerPlan', {
      description: 'Broadcasters and partners: real-time routes under /v1/partner',
      throttle: { rateLimit: partnerThrottle.rateLimitPerSecond, burstLimit: partnerThrottle.burstLimit },
      apiStages: [{ api: this.restApi, stage: this.stage }],
    });
    this.partnerKey = this.restApi.addApiKey('PartnerKey', { description: 'First partner key; add one per partner' });
    this.partnerPlan.addApiKey(this.partnerKey);

    this.domainName = `${this.restApi.restApiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
    this.origin = `https://${this.domainName}`;
    this.url = this.restApi.url;
    this.acknowledgeLoggingRole();
  }

  private addRoute(
    route: ApiRoute,
    validator: apigateway.IRequestValidator,
    cors: apigateway.CorsOptions,
    liveTtl: Duration,
  ): void {
    const resource = this.restApi.root.resourceForPath(route.template);
    const cached = cacheTtlOf(route.cache, liveTtl) !== undefined;
    // The handler answers a matching If-None-Match with a bodiless 304, and CloudFront revalidates its expired copies
    // that way: in the stage cache key, a 304 is never replayed to a caller that asked without a tag.
    const requestParameters = {
      ...requestParametersOf(route),
      ...(cached && { 'method.request.header.If-None-Match': false }),
    };
    const integration = new apigateway.LambdaIntegration(this.apiAlias, {
      proxy: true,
      allowTestInvoke: false,
      cacheKeyParameters: cached ? Object.keys(requestParameters) : undefined,
    });
    const method = resource.addMethod('GET', integration, {
      requestParameters,
      requestValidator: validator,
      apiKeyRequired: route.auth === 'api-key',
      authorizationType: route.auth === 'iam' ? apigateway.AuthorizationType.IAM : apigateway.AuthorizationType.NONE,
    });
    this.acknowledgeAuthorization(method, route);
    // Browsers only call public routes; partners call from servers, where CORS does not apply.
    if (route.tier === 'public') this.acknowledgeAuthorization(resource.addCorsPreflight(cors), 'preflight');
  }

  private createFunction(props: ApiProps, retention: logs.RetentionDays): NodejsFunction {
    const environment: ApiEnvironment = {
      STATE_TABLE_NAME: props.stateTable.tableName,
      TOUR_ID: props.tourId,
      CORS_ALLOW_ORIGIN: props.corsAllowOrigin ?? '*',
      ...(props.history?.readerEnvironment() ?? historyStoreVariables({ store: 'none' })),
    };
    return tourFunction(this, 'Api', {
      entry: API_ENTRY,
      service: 'api',
      subject: 'the API function',
      tourId: props.tourId,
      logRetention: retention,
      logRemovalPolicy: RemovalPolicy.RETAIN,
      environment,
      functionProps: { memorySize: 1024, timeout: Duration.seconds(10), ...props.functionProps },
    }).fn;
  }

  /** Read-only, named actions: the API never writes, and no wildcard action reaches data. */
  private grantReads(props: ApiProps): void {
    const fn = this.apiFunction;
    props.stateTable.grant(fn, 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem');
    props.stateTable.encryptionKey?.grant(fn, 'kms:Decrypt');
    props.history?.grantRead(fn);
    const acknowledged: Record<string, string> = {
      'AwsSolutions-IAM5[Resource::*]':
        props.history?.store === 'timestream'
          ? 'Only timestream:DescribeEndpoints (endpoint discovery) and X-Ray PutTraceSegments/PutTelemetryRecords, none of which supports resource-level permissions'
          : 'Only X-Ray PutTraceSegments/PutTelemetryRecords (tracing active), which support no resource-level permissions',
      ...props.history?.readAcknowledgements(),
    };
    for (const [ruleId, reason] of Object.entries(acknowledged)) {
      Validations.of(fn).acknowledge({ id: ruleId, reason });
    }
  }

  /** Only history is IAM-authorized; each acknowledgment says who may call the method and what protects it. */
  private acknowledgeAuthorization(method: apigateway.Method, route: ApiRoute | 'preflight'): void {
    const reasons = authorizationReasons(route);
    for (const [ruleId, reason] of Object.entries(reasons)) Validations.of(method).acknowledge({ id: ruleId, reason });
  }

  private acknowledgeLoggingRole(): void {
    const role = this.restApi.node.tryFindChild('CloudWatchRole');
    if (role === undefined) return;
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason: "The account's API Gateway logging role needs exactly this AWS policy to write execution logs",
    });
  }
}
