import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTourApp } from '../../../lib/stacks/tour-app';
import { loadTourConfig } from '../../../core/tour-config/load';
import type { TourConfig } from '../../../core/tour-config/schema';
import { logicalId, naggedApp, type NaggedApp } from '../cdk-app';

// Synthesizing the whole core stack (CloudFront, API, WAF, three functions) takes tens of seconds on a shared machine.
describe('CoreStack', { timeout: 120_000 }, () => {
  let nagged: NaggedApp;
  afterEach(() => nagged.cleanup());

  function build(tour: TourConfig) {
    nagged = naggedApp();
    return buildTourApp(nagged.app, tour);
  }

  it('synthesizes tdf2022 as TourTracker-tdf2022-Core in its primary region, without Timestream', () => {
    const { core } = build(loadTourConfig('tdf2022').config);

    const template = Template.fromStack(core);

    expect(core.stackName).toBe('TourTracker-tdf2022-Core');
    expect(core.region).toBe('eu-west-3');
    template.resourceCountIs('AWS::Kinesis::Stream', 1);
    template.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 1);
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.resourceCountIs('AWS::ApiGateway::RestApi', 1);
    template.resourceCountIs('AWS::WAFv2::WebACL', 1);
    template.resourceCountIs('AWS::CloudFront::Distribution', 1);
    template.resourceCountIs('AWS::Events::EventBus', 1);
    template.resourceCountIs('AWS::Timestream::Database', 0);
    template.resourceCountIs('AWS::Timestream::Table', 0);
    expect(nagged.nagReport().violations).toEqual([]);
  });

  it('tags every construct with its tour, component and cost centre', () => {
    const { core } = build(loadTourConfig('tdf2022').config);

    const template = Template.fromStack(core);

    const tags = (component: string) =>
      Match.arrayWith([
        { Key: 'component', Value: component },
        { Key: 'cost-centre', Value: 'tour-tracker-tdf2022' },
        { Key: 'tour', Value: 'tdf2022' },
      ]);
    template.hasResourceProperties('AWS::Kinesis::Stream', { Tags: tags('ingest') });
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', { Tags: tags('archive') });
    template.hasResourceProperties('AWS::DynamoDB::Table', { Tags: tags('storage') });
    template.hasResourceProperties('AWS::Lambda::Function', { Tags: tags('processing') });
    template.hasResourceProperties('AWS::SQS::Queue', { Tags: tags('processing') });
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { Tags: tags('api') });
    template.hasResourceProperties('AWS::WAFv2::WebACL', { Tags: tags('waf') });
    template.hasResourceProperties('AWS::CloudFront::Distribution', { Tags: tags('web') });
    template.hasResourceProperties('AWS::Events::EventBus', { Tags: tags('events') });
  });

  it('puts the web ACL on the API stage and serves the fan routes through the page distribution, same-origin', () => {
    const { core } = build(loadTourConfig('tdf2022').config);

    const template = Template.fromStack(core);

    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      WebACLArn: { 'Fn::GetAtt': [core.getLogicalId(core.waf.webAcl), 'Arn'] },
      ResourceArn: Match.objectLike({
        'Fn::Join': ['', Match.arrayWith([{ Ref: logicalId(core.api.stage) }])],
      }),
    });
    const secretRef = { Ref: core.getLogicalId(core.waf.originVerifySecret.node.defaultChild as CfnElement) };
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: Match.arrayWith([
          Match.objectLike({
            DomainName: {
              'Fn::Join': [
                '',
                [{ Ref: logicalId(core.api.restApi) }, '.execute-api.eu-west-3.', { Ref: 'AWS::URLSuffix' }],
              ],
            },
            OriginPath: '/prod',
            OriginCustomHeaders: [
              {
                HeaderName: 'x-origin-verify',
                HeaderValue: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', secretRef, ':SecretString:::}}']] },
              },
            ],
          }),
        ]),
        CacheBehaviors: [
          Match.objectLike({ PathPattern: '/v1/tours/*' }),
          Match.objectLike({ PathPattern: '/v1/health' }),
        ],
      }),
    });
    const pageOrigin = {
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalId(core.web.distribution), 'DomainName'] }]],
    };
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ CORS_ALLOW_ORIGIN: pageOrigin, HISTORY_STORE: 'none' }) },
    });
    const headers = JSON.stringify(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    expect(headers).toContain("connect-src 'self';");
    expect(headers).not.toContain(logicalId(core.api.restApi));
  });

  it('outputs the API URL, the page URL and the partner API key id, never a key value', () => {
    const { core } = build(loadTourConfig('tdf2022').config);

    const template = Template.fromStack(core);

    template.hasOutput('ApiUrl', { Value: Match.objectLike({ 'Fn::Join': Match.anyValue() }) });
    template.hasOutput('PageUrl', { Value: Match.objectLike({ 'Fn::Join': Match.anyValue() }) });
    template.hasOutput('PartnerApiKeyId', { Value: { Ref: logicalId(core.api.partnerKey) } });
    template.resourceCountIs('AWS::ApiGateway::ApiKey', 1);
    template.hasResourceProperties('AWS::ApiGateway::ApiKey', { Value: Match.absent() });
  });

  it('lets the aggregator put race events on the bus it is told the name of', () => {
    const { core } = build(loadTourConfig('tdf2022').config);

    const template = Template.fromStack(core);

    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'events:PutEvents',
            Resource: { 'Fn::GetAtt': [logicalId(core.events.bus), 'Arn'] },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ EVENT_BUS_NAME: { Ref: logicalId(core.events.bus) } }) },
    });
  });

  it('exposes the live alias, the REST API and the web ACL for scheduled capacity and the dashboard', () => {
    const { core } = build(loadTourConfig('tdf2022').config);

    expect(core.api.apiAlias.aliasName).toBe('live');
    expect(core.api.restApi.deploymentStage).toBe(core.api.stage);
    expect(core.waf.webAcl.scope).toBe('REGIONAL');
  });

  it('creates the Timestream database and table for tdf2017 (history.store timestream) in its primary region eu-west-1', () => {
    const { core } = build(loadTourConfig('tdf2017').config);

    const template = Template.fromStack(core);

    template.resourceCountIs('AWS::Timestream::Database', 1);
    template.resourceCountIs('AWS::Timestream::Table', 1);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ HISTORY_STORE: 'timestream', POWERTOOLS_SERVICE_NAME: 'api' }),
      },
    });
    expect(nagged.nagReport().violations).toEqual([]);
  });

  it('refuses a Timestream history store in a region without Timestream for LiveAnalytics (eu-west-3)', () => {
    const tdf2017 = loadTourConfig('tdf2017').config;
    const { core } = build({ ...tdf2017, regions: { ...tdf2017.regions, primary: 'eu-west-3' } });

    expect(() => Template.fromStack(core)).toThrow(/AWS::Timestream::Database' does not exist in 'eu-west-3'/);
  });
});
