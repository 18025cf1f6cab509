import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Annotations, DefaultStackSynthesizer, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { PRIVATE_BUCKET, retainedRotatingKey } from './secure-defaults';
import { fanApiBehavior, type WebFanApi } from './web-fan-api';
import { BundledFileError, ConstructPropsError, ConstructTreeError } from '../errors';

export type { WebFanApi } from './web-fan-api';

/** The second-screen page's static files (web/index.html and its modules). */
const WEB_DIR = fileURLToPath(new URL('../../web', import.meta.url));

/**
 * The second-screen page: static files in a private S3 bucket, served by CloudFront through Origin Access Control,
 * and the public fan API on the same distribution (`/v1/tours/*`, `/v1/health`).
 *
 * Fans poll every second; through the edge cache (the handler's `Cache-Control: public, max-age=1`) each edge asks
 * the API about once a second per URL, instead of every fan's request being billed by API Gateway and inspected by
 * WAF (docs/cost.md). The page is then same-origin with the API: it needs no CORS, and its CSP connects to itself only.
 * Partner routes (`/v1/partner/*`, API keys and SigV4, whose signature covers the regional Host) are not routed
 * here: partners call the regional endpoint. The regional web ACL inspects every cache miss; cached replies never
 * reach the origin (see WafConstruct for how it rate-limits forwarded requests per viewer).
 */
export interface WebProps {
  /** The public fan API, served on this distribution's own origin. */
  readonly fanApi: WebFanApi;
  /** Tour id written into the page's `<meta name="tour">`, e.g. `tdf2022`. */
  readonly tourId: string;
  /**
   * Custom domain names of the page (with `certificate`).
   * @default undefined — the page is served on the distribution's own *.cloudfront.net name
   */
  readonly domainNames?: string[];
  /**
   * ACM certificate (us-east-1) for `domainNames`; with it viewers need TLS 1.2.
   * @default undefined — CloudFront's default certificate, whose minimum protocol AWS fixes at TLSv1
   */
  readonly certificate?: acm.ICertificate;
  /**
   * CloudFront edge locations that serve the page.
   * @default cloudfront.PriceClass.PRICE_CLASS_100 — Europe and North America edges cover the Tour's main audience at
   * the lowest price; choose PRICE_CLASS_ALL for a worldwide audience
   */
  readonly priceClass?: cloudfront.PriceClass;
  /**
   * Longest time the edge keeps an API reply, whatever its `Cache-Control` says.
   * @default Duration.seconds(5) — live replies say 1 s; the schedule and route (5 min, 1 day) are refetched from the
   * API's stage cache every few seconds per edge, which costs little and bounds how stale a bad reply can be
   */
  readonly apiMaxTtl?: Duration;
  /**
   * Age at which CloudFront and S3 access logs are deleted.
   * @default Duration.days(365) — a year of traffic history, as the archive's access logs keep
   */
  readonly accessLogsExpiration?: Duration;
}

/** Private KMS bucket + CloudFront (OAC, HTTPS only, security headers, access logs, fan API) + deployment of web/. */
export class WebConstruct extends Construct {
  /** The page's files; readable by this distribution only. */
  readonly bucket: s3.Bucket;
  /** Customer-managed key of the page bucket; CloudFront may decrypt with it through OAC. */
  readonly key: kms.Key;
  /** CloudFront standard logs and the page bucket's S3 access logs. */
  readonly logsBucket: s3.Bucket;
  /** The page's distribution. */
  readonly distribution: cloudfront.Distribution;
  /** Security headers added to every reply (CSP, HSTS, frame options, content-type options, referrer policy). */
  readonly headersPolicy: cloudfront.ResponseHeadersPolicy;
  /** The page's URL (`https://<domain>/`). */
  readonly pageUrl: string;
  /** The page's origin (`https://<domain>`), which is also the fans' API origin. */
  readonly pageOrigin: string;
  /** Cache policy of the fan API behaviors: the origin's Cache-Control within [0 s, apiMaxTtl], query in the key. */
  readonly apiCachePolicy: cloudfront.CachePolicy;
  /** What CloudFront forwards to the API besides the cache key: nothing (no headers, no cookies). */
  readonly apiOriginRequestPolicy: cloudfront.OriginRequestPolicy;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
    if ((props.domainNames === undefined) !== (props.certificate === undefined)) {
      throw new ConstructPropsError('WebConstruct: domainNames and certificate go together; received only one of them');
    }
    this.node.setContext(S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);

    // CloudFront standard logs are delivered with an ACL, so this bucket keeps ACLs enabled (owner preferred) and
    // SSE-S3: the log delivery account cannot use a customer key without extra grants.
    this.logsBucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: props.accessLogsExpiration ?? Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.logsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access log bucket of the page and its distribution; logging its own accesses would loop',
    });

    this.key = retainedRotatingKey(this, 'PageKey', 'Encrypts the tour-tracker second-screen page files at rest');
    this.bucket = new s3.Bucket(this, 'Page', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      ...PRIVATE_BUCKET,
      serverAccessLogsBucket: this.logsBucket,
      serverAccessLogsPrefix: 's3/',
      // Deleting the stack leaves the deployed page files behind, so the bucket is kept rather than failing the delete.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.headersPolicy = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Second-screen page and fan API: the page talks to its own origin only',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: [...pageCspDirectives(), 'upgrade-insecure-requests'].join('; '),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
    });

    const fanApi = fanApiBehavior(this, props.fanApi, {
      maxTtl: props.apiMaxTtl ?? Duration.seconds(5),
      responseHeadersPolicy: this.headersPolicy,
    });
    this.apiCachePolicy = fanApi.cachePolicy;
    this.apiOriginRequestPolicy = fanApi.originRequestPolicy;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `tour-tracker ${props.tourId} second-screen page and fan API`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.headersPolicy,
        compress: true,
      },
      additionalBehaviors: Object.fromEntries(props.fanApi.pathPatterns.map((pattern) => [pattern, fanApi.behavior])),
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: props.priceClass ?? cloudfront.PriceClass.PRICE_CLASS_100,
      domainNames: props.domainNames,
      certificate: props.certificate,
      minimumProtocolVersion: props.certificate ? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      enableLogging: true,
      logBucket: this.logsBucket,
      logFilePrefix: 'cloudfront/',
    });
    // S3BucketOrigin grants cloudfront.amazonaws.com kms:Decrypt for any distribution of this account: naming this
    // distribution in the key policy would be a key → bucket → distribution → key cycle. The bucket policy still admits
    // this distribution only (AWS:SourceArn), and KMS alone gives no object: another distribution cannot read the page.
    Annotations.of(this).acknowledgeWarning(
      '@aws-cdk/aws-cloudfront-origins:wildcardKeyPolicyForOac',
      'The page bucket policy is scoped to this distribution; the key grant alone reads nothing',
    );

    const domain = props.domainNames?.[0] ?? this.distribution.distributionDomainName;
    this.pageOrigin = `https://${domain}`;
    this.pageUrl = `${this.pageOrigin}/`;

    const deployment = new s3deploy.BucketDeployment(this, 'Deploy', {
      destinationBucket: this.bucket,
      sources: [
        s3deploy.Source.asset(WEB_DIR, { exclude: ['index.html'] }),
        // An empty api-base means the page's own origin (web/config.js): fans reach the API through this distribution.
        s3deploy.Source.data('index.html', pageIndexHtml('', props.tourId)),
      ],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      prune: true,
      memoryLimit: 512,
    });

    this.acknowledgeDeploymentHandler(deployment);

    const acknowledged: Record<string, string> = {
      'AwsSolutions-CFR1':
        'The Tour is followed worldwide and the page shows public race data: no country is to be excluded',
      'AwsSolutions-CFR2':
        'A CLOUDFRONT-scope web ACL must live in us-east-1, outside this regional stack; the regional web ACL on the API stage inspects every request that reaches the API (every cache miss), cached replies never reach the origin, and the page files are public static content',
    };
    if (props.certificate === undefined) {
      acknowledged['AwsSolutions-CFR4'] =
        'Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose minimum protocol AWS fixes; pass domainNames and certificate to require TLS 1.2';
    }
    for (const [ruleId, reason] of Object.entries(acknowledged)) {
      Validations.of(this.distribution).acknowledge({ id: ruleId, reason });
    }
  }

  /**
   * BucketDeployment's handler is a singleton Lambda at stack level whose policy aws-cdk-lib writes; it runs at deploy
   * time only. Its findings are acknowledged on that function, each with what the grant is scoped to.
   */
  private acknowledgeDeploymentHandler(deployment: s3deploy.BucketDeployment): void {
    const handler = deployment.handlerRole.node.scope;
    if (handler === undefined) throw new ConstructTreeError('BucketDeployment handler role has no parent function');
    const stack = Stack.of(this);
    const bucketLogicalId = stack.getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    // The bootstrap assets bucket as cdk-nag prints it: unresolved account and region appear as <AWS::…>.
    const part = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
    const qualifier = stack.synthesizer.bootstrapQualifier ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
    const assetsBucket = `cdk-${qualifier}-assets-${part(stack.account, 'AccountId')}-${part(stack.region, 'Region')}`;
    const acknowledged: Record<string, string> = {
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]':
        'The managed basic execution policy only lets the page deployment handler write its own CloudWatch logs',
      'AwsSolutions-IAM5[Action::s3:GetObject*]':
        'The deployment handler reads the CDK assets bucket (the zipped web/ folder) and the page bucket only',
      'AwsSolutions-IAM5[Action::s3:GetBucket*]':
        'The deployment handler reads the CDK assets bucket and the page bucket only',
      'AwsSolutions-IAM5[Action::s3:List*]':
        'The deployment handler lists the CDK assets bucket and the page bucket only',
      'AwsSolutions-IAM5[Action::s3:DeleteObject*]':
        'The deployment prunes files removed from web/, in the page bucket only',
      'AwsSolutions-IAM5[Action::s3:Abort*]':
        'The deployment aborts its own multipart uploads, in the page bucket only',
      [`AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${assetsBucket}/*]`]:
        'The deployment reads its own asset (the zipped web/ folder) from the CDK bootstrap assets bucket',
      [`AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/*]`]:
        'The deployment writes any file of web/ under any key of the page bucket, which holds nothing else',
      'AwsSolutions-IAM5[Action::kms:ReEncrypt*]':
        'The deployment encrypts with the page key only, scoped to this bucket',
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]':
        'The deployment generates data keys from the page key only, scoped to this bucket',
      'AwsSolutions-IAM5[Resource::*]':
        'Only cloudfront:CreateInvalidation/GetInvalidation, granted by BucketDeployment to invalidate the page after a deploy',
      'AwsSolutions-L1':
        'aws-cdk-lib pins the BucketDeployment handler runtime (Python) with the library; it runs at deploy time only',
    };
    for (const [ruleId, reason] of Object.entries(acknowledged)) {
      Validations.of(handler).acknowledge({ id: ruleId, reason });
    }
  }
}

/**
 * The page's Content-Security-Policy directives: everything from the page's own origin only, plus fetches to the API
 * origin when it is another one (the deployed page reaches its API on its own origin and passes none). The
 * distribution adds `upgrade-insecure-requests`; a loopback test server must not.
 */
export function pageCspDirectives(apiOrigin?: string): string[] {
  return [
    "default-src 'self'",
    apiOrigin === undefined ? "connect-src 'self'" : `connect-src 'self' ${apiOrigin}`,
    "img-src 'self' data:",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ];
}

/**
 * web/index.html with the deployment's API base URL and tour in `<meta>` tags (web/config.js reads them), inserted
 * before `</head>`. An empty URL means the page's own origin; a CDK token is substituted at deploy time.
 */
export function pageIndexHtml(apiBaseUrl: string, tourId: string): string {
  const html = readFileSync(`${WEB_DIR}/index.html`, 'utf8');
  const withoutOld = html.replace(/\s*<meta name="(api-base|tour)"[^>]*>/g, '');
  const metas = `    <meta name="api-base" content="${apiBaseUrl}" />\n    <meta name="tour" content="${tourId}" />\n  `;
  if (!withoutOld.includes('</head>'))
    throw new BundledFileError(`web/index.html has no </head>; cannot configure the page`);
  return withoutOld.replace('</head>', `${metas}</head>`);
}
