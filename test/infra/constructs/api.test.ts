import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiConstruct, type ApiProps } from '../../../lib/constructs/api';
import { FAN_PATH_PATTERNS, publicQueryStrings } from '../../../lib/constructs/api-routes';
import { API_ROUTES } from '../../../lambdas/api/routes';
import { ArchiveConstruct } from '../../../lib/constructs/archive';
import { IngestConstruct } from '../../../lib/constructs/ingest';
import { StorageConstruct } from '../../../lib/constructs/storage';
import { WafConstruct } from '../../../lib/constructs/waf';
import { constructStack, logicalId, naggedApp, type NaggedApp } from '../cdk-app';

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };
type HistoryChoice = 'timestream' | 'archive' | 'none';

// The first synth pays for loading aws-cdk-lib; on a shared 2-core machine that alone can pass vitest's 30 s default.
describe('ApiConstruct', { timeout: 120_000 }, () => {
  let nagged: NaggedApp;
  afterEach(() => nagged.cleanup());

  function synth(history: HistoryChoice = 'archive', props: Partial<ApiProps> = {}) {
    nagged = naggedApp();
    // Timestream for LiveAnalytics exists in eu-west-1, not in eu-west-3.
    const stack = constructStack(nagged.app, history === 'timestream' ? 'eu-west-1' : 'eu-west-3');
    const ingest = new IngestConstruct(stack, 'Ingest');
    const archive = new ArchiveConstruct(stack, 'Archive', { stream: ingest.stream, tourId: 'tdf2022' });
    const storage = new StorageConstruct(stack, 'Storage', {
      historyStore: history === 'timestream' ? 'timestream' : 'none',
      archiveBucket: archive.bucket,
      tourId: 'tdf2022',
    });
    const api = new ApiConstruct(stack, 'Api', {
      stateTable: storage.table,
      tourId: 'tdf2022',
      history: history === 'none' ? undefined : storage.history,
      corsAllowOrigin: 'https://page.example.org',
      ...props,
    });
    new WafConstruct(stack, 'Waf', { stage: api.stage, name: 'tdf2022-api' });
    return { api, archive, storage, template: Template.fromStack(stack) };
  }

  function apiStatements(template: Template, api: ApiConstruct): Statement[] {
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: logicalId(api.apiFunction.role!) }] },
    });
    return Object.values(policies).flatMap(
      (policy) =>
        (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement,
    );
  }

  /** GET methods on resources named `pathPart`, split into public (no API key) and partner (API key) ones. */
  function getMethodsAt(template: Template, pathPart: string) {
    const resources = template.findResources('AWS::ApiGateway::Resource', { Properties: { PathPart: pathPart } });
    const methods = Object.keys(resources).flatMap((id) =>
      Object.values(
        template.findResources('AWS::ApiGateway::Method', {
          Properties: { HttpMethod: 'GET', ResourceId: { Ref: id } },
        }),
      ),
    ) as { Properties: Record<string, unknown> }[];
    return {
      all: methods,
      public: methods.filter((m) => m.Properties.ApiKeyRequired !== true),
      partner: methods.filter((m) => m.Properties.ApiKeyRequired === true),
    };
  }

  it('invokes the live alias of a Node.js 24 arm64 traced function with the tour, table and archive settings', () => {
    const { api, archive, storage, template } = synth();

    template.hasResourceProperties('AWS::Lambda::Alias', { Name: 'live' });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Environment: {
        Variables: Match.objectLike({
          STATE_TABLE_NAME: { Ref: logicalId(storage.table) },
          TOUR_ID: 'tdf2022',
          HISTORY_STORE: 'none',
          ARCHIVE_BUCKET_NAME: { Ref: logicalId(archive.bucket) },
          CORS_ALLOW_ORIGIN: 'https://page.example.org',
          POWERTOOLS_SERVICE_NAME: 'api',
        }),
      },
    });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      Integration: Match.objectLike({
        Type: 'AWS_PROXY',
        Uri: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([{ Ref: logicalId(api.apiAlias) }])] }),
      }),
    });
  });

  it('grants only GetItem, Query and BatchGetItem on the table, Decrypt on its key and GetObject/ListBucket on the tour prefix', () => {
    const { api, archive, storage, template } = synth();

    const statements = apiStatements(template, api);

    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    expect(actions.filter((a) => /^dynamodb:/.test(a)).sort()).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:Query',
    ]);
    expect(statements).toContainEqual(
      expect.objectContaining({ Action: 'kms:Decrypt', Resource: { 'Fn::GetAtt': [logicalId(storage.key), 'Arn'] } }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({ Action: 'kms:Decrypt', Resource: { 'Fn::GetAtt': [logicalId(archive.key), 'Arn'] } }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 's3:GetObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(archive.bucket), 'Arn'] }, '/raw/tdf2022/*']] },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 's3:ListBucket',
        Condition: { StringLike: { 's3:prefix': ['raw/tdf2022/*'] } },
      }),
    );
    const unscoped = statements.filter((s) => s.Resource === '*');
    expect(unscoped.flatMap((s) => s.Action)).toEqual(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']);
  });

  it('grants Timestream Select on the fixes table and DescribeEndpoints, and no S3, for a timestream tour', () => {
    const { api, storage, template } = synth('timestream');

    const statements = apiStatements(template, api);

    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'timestream:Select',
        Resource: { 'Fn::GetAtt': [Stack.of(storage).getLogicalId(storage.history.table!), 'Arn'] },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({ Action: 'timestream:DescribeEndpoints', Resource: '*' }),
    );
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions.filter((a) => a.startsWith('s3:'))).toEqual([]);
    expect(nagged.nagReport().violations).toEqual([]);
  });

  it('authorizes the history route with IAM and requires from and to', () => {
    const { api, template } = synth();

    const methods = getMethodsAt(template, 'history').all;

    expect(methods).toHaveLength(1);
    expect(methods[0]).toMatchObject({
      Properties: {
        AuthorizationType: 'AWS_IAM',
        RequestParameters: {
          'method.request.path.tour': true,
          'method.request.path.stage': true,
          'method.request.querystring.from': true,
          'method.request.querystring.to': true,
          'method.request.querystring.bib': false,
        },
        RequestValidatorId: { Ref: logicalId(api.requestValidator) },
      },
    });
  });

  it('creates no history route when the API has no history source', () => {
    const { template } = synth('none');

    expect(template.findResources('AWS::ApiGateway::Resource', { Properties: { PathPart: 'history' } })).toEqual({});
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ HISTORY_STORE: 'none', ARCHIVE_BUCKET_NAME: Match.absent() }) },
    });
  });

  it('requires an API key on partner routes and binds keys to a throttled usage plan on the stage', () => {
    const { api, template } = synth();

    const live = getMethodsAt(template, 'live');
    expect(live.partner).toHaveLength(1);
    expect(live.public).toHaveLength(1);
    expect(live.partner[0]!.Properties.Integration).not.toHaveProperty('CacheKeyParameters');
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: 100, BurstLimit: 200 },
      ApiStages: [{ ApiId: { Ref: logicalId(api.restApi) }, Stage: { Ref: logicalId(api.stage) } }],
    });
    template.hasResourceProperties('AWS::ApiGateway::UsagePlanKey', {
      KeyId: { Ref: logicalId(api.partnerKey) },
      KeyType: 'API_KEY',
    });
  });

  it('validates request parameters: every path parameter is required on every method', () => {
    const { api, template } = synth();

    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestParameters: true,
      ValidateRequestBody: true,
    });
    const methods = template.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: 'GET' } });
    const riderMethods = Object.values(methods).filter(
      (m) =>
        (m as { Properties: { RequestParameters?: Record<string, boolean> } }).Properties.RequestParameters?.[
          'method.request.path.bib'
        ] === true,
    );
    expect(riderMethods).toHaveLength(2);
    for (const method of Object.values(methods)) {
      expect(method).toMatchObject({ Properties: { RequestValidatorId: { Ref: logicalId(api.requestValidator) } } });
    }
  });

  it('caches live routes for the TTL it is given, keyed on their path parameters, query and If-None-Match, in an encrypted cache', () => {
    const { template } = synth('archive', { liveCacheTtl: Duration.seconds(2) });

    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'prod',
      CacheClusterEnabled: true,
      CacheClusterSize: '0.5',
      TracingEnabled: true,
      MethodSettings: Match.arrayWith([
        Match.objectLike({
          ResourcePath: '/*',
          HttpMethod: '*',
          CachingEnabled: false,
          CacheDataEncrypted: true,
          LoggingLevel: 'INFO',
          ThrottlingRateLimit: 2000,
          ThrottlingBurstLimit: 4000,
        }),
        Match.objectLike({
          ResourcePath: '/~1v1~1tours~1{tour}~1stages~1{stage}~1live',
          HttpMethod: 'GET',
          CachingEnabled: true,
          CacheTtlInSeconds: 2,
          CacheDataEncrypted: true,
        }),
      ]),
    });
    const publicEvents = getMethodsAt(template, 'events').public;
    expect(publicEvents).toHaveLength(1);
    expect(publicEvents[0]).toMatchObject({
      Properties: {
        Integration: {
          CacheKeyParameters: [
            'method.request.path.tour',
            'method.request.path.stage',
            'method.request.querystring.since',
            'method.request.querystring.limit',
            'method.request.header.If-None-Match',
          ],
        },
      },
    });
  });

  it('writes JSON access logs to a KMS-encrypted log group whose key only CloudWatch Logs of that group may use', () => {
    const { api, template } = synth();

    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      AccessLogSetting: {
        DestinationArn: { 'Fn::GetAtt': [logicalId(api.accessLogGroup), 'Arn'] },
        Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/apigateway/tour-tracker-tdf2022-access',
      KmsKeyId: Match.anyValue(),
      RetentionInDays: 30,
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'logs.eu-west-3.amazonaws.com' },
            Condition: {
              ArnEquals: {
                'kms:EncryptionContext:aws:logs:arn': {
                  'Fn::Join': [
                    '',
                    Match.arrayWith([
                      ':logs:eu-west-3:123456789012:log-group:/aws/apigateway/tour-tracker-tdf2022-access',
                    ]),
                  ],
                },
              },
            },
          }),
        ]),
      },
    });
  });

  it('creates the execution log group of the stage before the stage, encrypted and with a retention', () => {
    const { api, template } = synth();

    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: {
        'Fn::Join': ['', ['API-Gateway-Execution-Logs_', { Ref: logicalId(api.restApi) }, '/prod']],
      },
      KmsKeyId: Match.anyValue(),
      RetentionInDays: 30,
    });
    template.hasResource('AWS::ApiGateway::Stage', {
      DependsOn: Match.arrayWith([logicalId(api.executionLogGroup)]),
    });
  });

  it('creates one GET method per handler route, caching live replies 1 s, the schedule 5 min and routes 1 h by default', () => {
    const { template } = synth();

    const gets = template.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: 'GET' } });
    expect(Object.keys(gets)).toHaveLength(API_ROUTES.length);
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([
        Match.objectLike({ ResourcePath: '/~1v1~1tours~1{tour}~1stages', CacheTtlInSeconds: 300 }),
        Match.objectLike({ ResourcePath: '/~1v1~1tours~1{tour}~1stages~1{stage}~1route', CacheTtlInSeconds: 3600 }),
        Match.objectLike({ ResourcePath: '/~1v1~1tours~1{tour}~1stages~1{stage}~1live', CacheTtlInSeconds: 1 }),
      ]),
    });
    const partnerSettings = JSON.stringify(template.findResources('AWS::ApiGateway::Stage')).match(/~1partner/g);
    expect(partnerSettings).toBeNull();
  });

  it('answers CORS preflights on public routes for the page origin only, and none on partner routes', () => {
    const { template } = synth();

    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'OPTIONS',
      Integration: Match.objectLike({
        IntegrationResponses: [
          Match.objectLike({
            ResponseParameters: Match.objectLike({
              'method.response.header.Access-Control-Allow-Origin': "'https://page.example.org'",
            }),
          }),
        ],
      }),
    });
    const options = template.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: 'OPTIONS' } });
    expect(Object.keys(options)).toHaveLength(7);
  });

  it('exposes the regional host without the stage and the stage name, for the page distribution origin', () => {
    const { api } = synth();

    const stack = Stack.of(api);

    expect(api.stageName).toBe('prod');
    expect(stack.resolve(api.domainName)).toEqual({
      'Fn::Join': ['', [{ Ref: logicalId(api.restApi) }, '.execute-api.eu-west-3.', { Ref: 'AWS::URLSuffix' }]],
    });
  });

  it('leaves no unacknowledged AwsSolutions finding, warnings included', () => {
    synth();

    expect(nagged.nagReport().violations).toEqual([]);
  });
});

describe('fan routes on the CDN', () => {
  /** CloudFront path patterns: `*` matches any characters, `/` included. */
  const matches = (pattern: string, path: string) =>
    new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(path);
  const examplePath = (template: string) => template.replace(/\{\w+\}/g, '1');

  it('cover every public route and no partner route', () => {
    const publicPaths = API_ROUTES.filter((r) => r.tier === 'public').map((r) => examplePath(r.template));
    const partnerPaths = API_ROUTES.filter((r) => r.tier === 'partner').map((r) => examplePath(r.template));

    expect(publicPaths.filter((path) => !FAN_PATH_PATTERNS.some((p) => matches(p, path)))).toEqual([]);
    expect(partnerPaths.filter((path) => FAN_PATH_PATTERNS.some((p) => matches(p, path)))).toEqual([]);
    expect(partnerPaths).not.toEqual([]);
  });

  it('key the cache on the query strings the public routes read (events: since, limit) and on no partner one', () => {
    expect(publicQueryStrings()).toEqual(['limit', 'since']);
  });
});
