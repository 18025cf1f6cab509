import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type { Construct } from 'constructs';

/**
 * The public fan API as the page's distribution reaches it: the regional REST API endpoint and its stage.
 *
 * A REST API's URL is `https://{id}.execute-api.{region}.amazonaws.com/{stage}/v1/...`: CloudFront forwards the
 * viewer's path (`/v1/tours/...`) under the origin path `/{stage}`, and sends the endpoint's own Host header (never the
 * viewer's, which API Gateway would reject).
 */
export interface WebFanApi {
  /** Host of the regional endpoint, `{id}.execute-api.{region}.{suffix}`. */
  readonly domainName: string;
  /** The stage name; CloudFront's origin path is `/{stageName}`. */
  readonly stageName: string;
  /** CloudFront path patterns of the public fan routes; partner routes must match none of them. */
  readonly pathPatterns: readonly string[];
  /** Query strings the fan routes read: the cache key and the origin request carry these and no other. */
  readonly queryStrings: readonly string[];
  /**
   * A header CloudFront adds to every API origin request, by which the regional WAF recognizes forwarded requests.
   * @default undefined — no header is added
   */
  readonly originHeader?: { readonly name: string; readonly value: string };
}

/** How the fan API behavior caches and which headers it adds to replies. */
export interface FanApiBehaviorOptions {
  /** Longest time the edge keeps a reply, whatever its Cache-Control says. */
  readonly maxTtl: Duration;
  /** The page's security headers, added to API replies too. */
  readonly responseHeadersPolicy: cloudfront.IResponseHeadersPolicy;
}

/** The fan API behavior and the policies it uses (exposed for tests and other behaviors). */
export interface FanApiBehavior {
  readonly behavior: cloudfront.BehaviorOptions;
  readonly cachePolicy: cloudfront.CachePolicy;
  readonly originRequestPolicy: cloudfront.OriginRequestPolicy;
}

/**
 * The behavior of the fan API paths: HTTPS only, GET/HEAD/OPTIONS, compressed, the page's security headers, a cache
 * that honours the API's Cache-Control (min 0 s, so `no-store` replies such as health are never cached) keyed on
 * path and the routes' query strings only (no headers, no cookies). The viewer's `If-None-Match` is answered by
 * CloudFront from its cached object; CloudFront revalidates expired objects with the origin's ETag itself.
 */
export function fanApiBehavior(scope: Construct, api: WebFanApi, options: FanApiBehaviorOptions): FanApiBehavior {
  const queryStrings = [...api.queryStrings];
  const cachePolicy = new cloudfront.CachePolicy(scope, 'ApiCache', {
    comment: 'Fan API: the origin Cache-Control within 0 s to a few seconds, keyed on path and route query strings',
    minTtl: Duration.seconds(0),
    defaultTtl: Duration.seconds(1),
    maxTtl: options.maxTtl,
    queryStringBehavior:
      queryStrings.length > 0
        ? cloudfront.CacheQueryStringBehavior.allowList(...queryStrings)
        : cloudfront.CacheQueryStringBehavior.none(),
    headerBehavior: cloudfront.CacheHeaderBehavior.none(),
    cookieBehavior: cloudfront.CacheCookieBehavior.none(),
    enableAcceptEncodingGzip: true,
    enableAcceptEncodingBrotli: true,
  });
  const originRequestPolicy = new cloudfront.OriginRequestPolicy(scope, 'ApiOriginRequest', {
    comment: 'Fan API: only the route query strings; no viewer headers (the Host stays the endpoint) and no cookies',
    queryStringBehavior:
      queryStrings.length > 0
        ? cloudfront.OriginRequestQueryStringBehavior.allowList(...queryStrings)
        : cloudfront.OriginRequestQueryStringBehavior.none(),
    headerBehavior: cloudfront.OriginRequestHeaderBehavior.none(),
    cookieBehavior: cloudfront.OriginRequestCookieBehavior.none(),
  });
  const origin = new origins.HttpOrigin(api.domainName, {
    originPath: `/${api.stageName}`,
    protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
    originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
    customHeaders: api.originHeader ? { [api.originHeader.name]: api.originHeader.value } : undefined,
  });
  const behavior: cloudfront.BehaviorOptions = {
    origin,
    viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
    allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
    cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
    cachePolicy,
    originRequestPolicy,
    responseHeadersPolicy: options.responseHeadersPolicy,
    compress: true,
  };
  return { behavior, cachePolicy, originRequestPolicy };
}
