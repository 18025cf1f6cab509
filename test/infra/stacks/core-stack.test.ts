import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTourApp } from '../../../lib/stacks/tour-app';
import { loadTourConfig } from '../../../lib/tour-config/load';
import type { TourConfig } from '../../../lib/tour-config/schema';
import { naggedApp, type NaggedApp } from '../cdk-app';

describe('CoreStack', () => {
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
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    template.resourceCountIs('AWS::SQS::Queue', 1);
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
  });

  it('creates the Timestream database and table for tdf2017 (history.store timestream) in its primary region eu-west-1', () => {
    const { core } = build(loadTourConfig('tdf2017').config);

    const template = Template.fromStack(core);

    template.resourceCountIs('AWS::Timestream::Database', 1);
    template.resourceCountIs('AWS::Timestream::Table', 1);
    expect(nagged.nagReport().violations).toEqual([]);
  });

  it('refuses a Timestream history store in a region without Timestream for LiveAnalytics (eu-west-3)', () => {
    const tdf2017 = loadTourConfig('tdf2017').config;
    const { core } = build({ ...tdf2017, regions: { ...tdf2017.regions, primary: 'eu-west-3' } });

    expect(() => Template.fromStack(core)).toThrow(/AWS::Timestream::Database' does not exist in 'eu-west-3'/);
  });
});
