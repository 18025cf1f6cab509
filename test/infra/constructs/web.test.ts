import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterEach, describe, expect, it } from 'vitest';
import {
  pageCspDirectives,
  pageIndexHtml,
  WebConstruct,
  type WebFanApi,
  type WebProps,
} from '../../../lib/constructs/web';
import { constructStack, logicalId, naggedApp, type NaggedApp } from '../cdk-app';

const API_ORIGIN = 'https://abc123.execute-api.eu-west-3.amazonaws.com';
const FAN_API: WebFanApi = {
  domainName: 'abc123.execute-api.eu-west-3.amazonaws.com',
  stageName: 'prod',
  pathPatterns: ['/v1/tours/*', '/v1/health'],
  queryStrings: ['limit', 'since'],
  originHeader: { name: 'x-origin-verify', value: 'not-a-real-secret' },
};

type Behavior = Record<string, unknown> & { PathPattern: string };

// The first synth pays for loading aws-cdk-lib; on a shared 2-core machine that alone can pass vitest's 30 s default.
describe('WebConstruct', { timeout: 120_000 }, () => {
  let nagged: NaggedApp;
  afterEach(() => nagged.cleanup());

  function synth(props: Partial<WebProps> = {}) {
    nagged = naggedApp();
    const stack = constructStack(nagged.app);
    const web = new WebConstruct(stack, 'Web', { fanApi: FAN_API, tourId: 'tdf2022', ...props });
    return { web, template: Template.fromStack(stack) };
  }

  function behaviors(template: Template): Behavior[] {
    const distribution = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0] as {
      Properties: { DistributionConfig: { CacheBehaviors?: Behavior[] } };
    };
    return distribution.Properties.DistributionConfig.CacheBehaviors ?? [];
  }

  it('serves the private bucket through Origin Access Control, HTTPS only, with index.html as root object', () => {
    const { web, template } = synth();

    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }),
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        Origins: Match.arrayWith([
          Match.objectLike({
            DomainName: { 'Fn::GetAtt': [logicalId(web.bucket), 'RegionalDomainName'] },
            OriginAccessControlId: Match.anyValue(),
            S3OriginConfig: { OriginAccessIdentity: '' },
          }),
        ]),
        Logging: { Bucket: { 'Fn::GetAtt': [logicalId(web.logsBucket), 'RegionalDomainName'] }, Prefix: 'cloudfront/' },
      }),
    });
  });

  it('lets only this distribution read the bucket and decrypt with the page key through CloudFront', () => {
    const { web, template } = synth();

    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId(web.bucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
            Condition: {
              StringEquals: {
                'AWS:SourceArn': {
                  'Fn::Join': ['', Match.arrayWith([{ Ref: logicalId(web.distribution) }])],
                },
              },
            },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 'kms:Decrypt' }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [logicalId(web.key), 'Arn'] },
            },
          }),
        ],
      },
      PublicAccessBlockConfiguration: Match.objectLike({ BlockPublicPolicy: true, RestrictPublicBuckets: true }),
    });
  });

  it('routes the fan paths to the API stage over HTTPS only, adding the origin header, with GET/HEAD/OPTIONS and compression', () => {
    const { web, template } = synth();

    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: Match.arrayWith([
          Match.objectLike({
            DomainName: FAN_API.domainName,
            OriginPath: '/prod',
            CustomOriginConfig: Match.objectLike({
              OriginProtocolPolicy: 'https-only',
              OriginSSLProtocols: ['TLSv1.2'],
            }),
            OriginCustomHeaders: [{ HeaderName: 'x-origin-verify', HeaderValue: 'not-a-real-secret' }],
          }),
        ]),
      }),
    });
    const fan = behaviors(template);
    expect(fan.map((b) => b.PathPattern)).toEqual(['/v1/tours/*', '/v1/health']);
    for (const behavior of fan) {
      expect(behavior).toMatchObject({
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS'],
        CachedMethods: ['GET', 'HEAD'],
        Compress: true,
        CachePolicyId: { Ref: logicalId(web.apiCachePolicy) },
        OriginRequestPolicyId: { Ref: logicalId(web.apiOriginRequestPolicy) },
        ResponseHeadersPolicyId: { Ref: logicalId(web.headersPolicy) },
      });
    }
  });

  it('does not route partner paths to the API: /v1/partner/... falls to the page bucket', () => {
    const { template } = synth();

    const patterns = behaviors(template).map((b) => b.PathPattern);

    expect(patterns.filter((p) => p.startsWith('/v1/partner') || p === '/v1/*' || p === '*')).toEqual([]);
    expect(
      patterns.every((p) => !new RegExp(`^${p.replace('*', '.*')}$`).test('/v1/partner/tours/x/stages/1/live')),
    ).toBe(true);
  });

  it("caches API replies for the origin's Cache-Control between 0 s and 5 s, keyed on the route query strings only", () => {
    const { template } = synth();

    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        MinTTL: 0,
        DefaultTTL: 1,
        MaxTTL: 5,
        ParametersInCacheKeyAndForwardedToOrigin: {
          QueryStringsConfig: { QueryStringBehavior: 'whitelist', QueryStrings: ['limit', 'since'] },
          HeadersConfig: { HeaderBehavior: 'none' },
          CookiesConfig: { CookieBehavior: 'none' },
          EnableAcceptEncodingGzip: true,
          EnableAcceptEncodingBrotli: true,
        },
      }),
    });
    template.hasResourceProperties('AWS::CloudFront::OriginRequestPolicy', {
      OriginRequestPolicyConfig: Match.objectLike({
        QueryStringsConfig: { QueryStringBehavior: 'whitelist', QueryStrings: ['limit', 'since'] },
        HeadersConfig: { HeaderBehavior: 'none' },
        CookiesConfig: { CookieBehavior: 'none' },
      }),
    });
  });

  it('adds CSP (the page origin only), HSTS, frame, content-type and referrer headers', () => {
    const { template } = synth();

    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          ContentSecurityPolicy: {
            ContentSecurityPolicy: [...pageCspDirectives(), 'upgrade-insecure-requests'].join('; '),
            Override: true,
          },
          StrictTransportSecurity: { AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ContentTypeOptions: { Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
        },
      }),
    });
    const policies = template.findResources('AWS::CloudFront::ResponseHeadersPolicy');
    const csp = JSON.stringify(policies);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('execute-api');
  });

  it('deploys web/ to the bucket and invalidates the distribution', () => {
    const { web, template } = synth();

    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: { Ref: logicalId(web.bucket) },
      DistributionId: { Ref: logicalId(web.distribution) },
      DistributionPaths: ['/*'],
      Prune: true,
    });
  });

  it('requires TLS 1.2 from viewers when given a custom domain and certificate', () => {
    nagged = naggedApp();
    const stack = constructStack(nagged.app);
    const certificate = acm.Certificate.fromCertificateArn(
      stack,
      'Certificate',
      'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
    );
    const web = new WebConstruct(stack, 'Web', {
      fanApi: FAN_API,
      tourId: 'tdf2022',
      domainNames: ['live.example.org'],
      certificate,
    });

    const template = Template.fromStack(stack);

    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['live.example.org'],
        ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' }),
      }),
    });
    expect(web.pageOrigin).toBe('https://live.example.org');
    expect(nagged.nagReport().violations).toEqual([]);
  });

  it('refuses a custom domain without a certificate', () => {
    expect(() => synth({ domainNames: ['live.example.org'] })).toThrow(
      /domainNames and certificate go together; received only one of them/,
    );
  });

  it('leaves no unacknowledged AwsSolutions finding, warnings included', () => {
    synth();

    expect(nagged.nagReport().violations).toEqual([]);
  });
});

describe('pageCspDirectives', () => {
  it('allows fetches to the page itself and, when given, the API origin only', () => {
    expect(pageCspDirectives()).toContain("connect-src 'self'");
    expect(pageCspDirectives(API_ORIGIN)).toContain(`connect-src 'self' ${API_ORIGIN}`);
    expect(pageCspDirectives(API_ORIGIN).filter((d) => d.includes('*'))).toEqual([]);
  });
});

describe('pageIndexHtml', () => {
  it('writes the API base URL and tour into meta tags before </head>, replacing any already there', () => {
    const html = pageIndexHtml('https://api.example.org/prod/', 'tdf2022');

    expect(html).toMatch(
      /<meta name="api-base" content="https:\/\/api\.example\.org\/prod\/" \/>\s*<meta name="tour" content="tdf2022" \/>\s*<\/head>/,
    );
    expect(html.match(/name="api-base"/g)).toHaveLength(1);
    expect(pageIndexHtml('https://other.example.org/', 'tdf2017').match(/name="tour"/g)).toHaveLength(1);
  });

  it('writes an empty API base, which the page reads as its own origin', () => {
    expect(pageIndexHtml('', 'tdf2022')).toMatch(/<meta name="api-base" content="" \/>/);
  });
});
