import { type CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiConstruct } from '../../../lib/constructs/api';
import { WafConstruct, type WafProps } from '../../../lib/constructs/waf';
import { constructStack, logicalId, naggedApp, tourStorage, type NaggedApp } from '../cdk-app';

// The first synth pays for loading aws-cdk-lib; on a shared 2-core machine that alone can pass vitest's 30 s default.
describe('WafConstruct', { timeout: 120_000 }, () => {
  let nagged: NaggedApp;
  afterEach(() => nagged.cleanup());

  function synth(props: Partial<WafProps> = {}) {
    nagged = naggedApp();
    const stack = constructStack(nagged.app);
    const storage = tourStorage(stack);
    const api = new ApiConstruct(stack, 'Api', { stateTable: storage.table, tourId: 'tdf2022' });
    const waf = new WafConstruct(stack, 'Waf', { stage: api.stage, name: 'tdf2022-api', ...props });
    return { api, waf, template: Template.fromStack(stack) };
  }

  it('creates a REGIONAL web ACL with IP reputation, per-viewer and per-IP rate limits, the common and the known-bad-inputs rules', () => {
    const { template } = synth();

    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Name: 'tour-tracker-tdf2022-api',
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      VisibilityConfig: { CloudWatchMetricsEnabled: true, MetricName: 'tour-tracker-tdf2022-api-acl' },
      Rules: [
        Match.objectLike({
          Priority: 0,
          Statement: {
            ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesAmazonIpReputationList' },
          },
          OverrideAction: { None: {} },
        }),
        Match.objectLike({ Name: 'RateLimitPerViewerIp', Priority: 1, Action: { Block: {} } }),
        Match.objectLike({ Name: 'RateLimitPerIp', Priority: 2, Action: { Block: {} } }),
        Match.objectLike({
          Priority: 3,
          Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } },
        }),
        Match.objectLike({
          Priority: 4,
          Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesKnownBadInputsRuleSet' } },
        }),
      ],
    });
  });

  it('rate-limits requests carrying the CloudFront origin secret per X-Forwarded-For address, all others per source IP', () => {
    const { waf, template } = synth();

    const secretRef = { Ref: Stack.of(waf).getLogicalId(waf.originVerifySecret.node.defaultChild as CfnElement) };
    const fromCloudFront = {
      ByteMatchStatement: {
        FieldToMatch: { SingleHeader: { Name: 'x-origin-verify' } },
        PositionalConstraint: 'EXACTLY',
        SearchString: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', secretRef, ':SecretString:::}}']] },
        TextTransformations: [{ Priority: 0, Type: 'NONE' }],
      },
    };
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: 'RateLimitPerViewerIp',
          Statement: {
            RateBasedStatement: {
              Limit: 3000,
              AggregateKeyType: 'FORWARDED_IP',
              ForwardedIPConfig: { HeaderName: 'X-Forwarded-For', FallbackBehavior: 'MATCH' },
              EvaluationWindowSec: 300,
              ScopeDownStatement: fromCloudFront,
            },
          },
        }),
        Match.objectLike({
          Name: 'RateLimitPerIp',
          Statement: {
            RateBasedStatement: {
              Limit: 3000,
              AggregateKeyType: 'IP',
              EvaluationWindowSec: 300,
              ScopeDownStatement: { NotStatement: { Statement: fromCloudFront } },
            },
          },
        }),
      ]),
    });
    expect(waf.originVerifyHeader.name).toBe('x-origin-verify');
    expect(Stack.of(waf).resolve(waf.originVerifyHeader.value)).toEqual(fromCloudFront.ByteMatchStatement.SearchString);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ PasswordLength: 48, ExcludePunctuation: true }),
    });
  });

  it('takes the rate limit from its props', () => {
    const { template } = synth({ rateLimitPer5Minutes: 500 });

    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: 'RateLimitPerViewerIp',
          Statement: { RateBasedStatement: Match.objectLike({ Limit: 500 }) },
        }),
        Match.objectLike({
          Name: 'RateLimitPerIp',
          Statement: { RateBasedStatement: Match.objectLike({ Limit: 500 }) },
        }),
      ]),
    });
  });

  it('associates the web ACL with the API stage', () => {
    const { api, waf, template } = synth();

    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      WebACLArn: { 'Fn::GetAtt': [Stack.of(waf).getLogicalId(waf.webAcl), 'Arn'] },
      ResourceArn: Match.objectLike({
        'Fn::Join': ['', Match.arrayWith([{ Ref: logicalId(api.restApi) }, '/stages/', { Ref: logicalId(api.stage) }])],
      }),
    });
  });

  it('logs to an aws-waf-logs- group encrypted with its own key, redacting the API key, Authorization and origin secret', () => {
    const { waf, template } = synth();

    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: 'aws-waf-logs-tour-tracker-tdf2022-api',
      KmsKeyId: Match.anyValue(),
      RetentionInDays: 30,
    });
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      ResourceArn: { 'Fn::GetAtt': [Stack.of(waf).getLogicalId(waf.webAcl), 'Arn'] },
      LogDestinationConfigs: [
        {
          'Fn::Join': [
            '',
            Match.arrayWith([':logs:eu-west-3:123456789012:log-group:aws-waf-logs-tour-tracker-tdf2022-api']),
          ],
        },
      ],
      RedactedFields: [
        { SingleHeader: { Name: 'x-api-key' } },
        { SingleHeader: { Name: 'authorization' } },
        { SingleHeader: { Name: 'x-origin-verify' } },
      ],
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'logs.eu-west-3.amazonaws.com' },
            Condition: {
              ArnEquals: {
                'kms:EncryptionContext:aws:logs:arn': {
                  'Fn::Join': [
                    '',
                    Match.arrayWith([':logs:eu-west-3:123456789012:log-group:aws-waf-logs-tour-tracker-tdf2022-api']),
                  ],
                },
              },
            },
          }),
        ]),
      },
    });
  });

  it('exposes the web ACL name and the metric names of the ACL and each rule for the dashboard', () => {
    const { waf } = synth();

    expect(waf.webAclName).toBe('tour-tracker-tdf2022-api');
    expect(waf.metricNames).toEqual({
      webAcl: 'tour-tracker-tdf2022-api-acl',
      ipReputation: 'tour-tracker-tdf2022-api-ip-reputation',
      rateLimit: 'tour-tracker-tdf2022-api-rate-limit',
      viewerRateLimit: 'tour-tracker-tdf2022-api-viewer-rate-limit',
      commonRules: 'tour-tracker-tdf2022-api-common',
      knownBadInputs: 'tour-tracker-tdf2022-api-bad-inputs',
    });
  });

  it('leaves no unacknowledged AwsSolutions finding, warnings included', () => {
    synth();

    expect(nagged.nagReport().violations).toEqual([]);
  });
});
