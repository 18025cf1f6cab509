import {
  asList,
  constructPath,
  referencedId,
  renderValue,
  resourcesOfType,
  type CfnTemplate,
  type ConstructPaths,
} from './template-values';

/** A public endpoint and what protects it. */
export interface EndpointReview {
  readonly kind: string;
  readonly path: string;
  /** One line each: WAF, throttling, authorization, TLS. */
  readonly protections: readonly string[];
}

/** REST APIs (stages, throttling, WAF, method auth), CloudFront distributions and Lambda function URLs. */
export function reviewEndpoints(template: CfnTemplate, paths: ConstructPaths): EndpointReview[] {
  const associations = resourcesOfType(template, 'AWS::WAFv2::WebACLAssociation').map(([, a]) => ({
    resource: renderValue(a.Properties?.ResourceArn),
    acl: renderValue(a.Properties?.WebACLArn),
  }));
  const apis = resourcesOfType(template, 'AWS::ApiGateway::RestApi').map(([id]) => {
    const stages = resourcesOfType(template, 'AWS::ApiGateway::Stage').filter(
      ([, s]) => referencedId(s.Properties?.RestApiId) === id,
    );
    const methods = resourcesOfType(template, 'AWS::ApiGateway::Method').filter(
      ([, m]) => referencedId(m.Properties?.RestApiId) === id && m.Properties?.HttpMethod !== 'OPTIONS',
    );
    const byAuth = new Map<string, number>();
    for (const [, m] of methods) {
      const auth = `${String(m.Properties?.AuthorizationType ?? 'NONE')}${m.Properties?.ApiKeyRequired ? ' + API key' : ''}`;
      byAuth.set(auth, (byAuth.get(auth) ?? 0) + 1);
    }
    const stageLines = stages.map(([, s]) => {
      const settings = asList(s.Properties?.MethodSettings) as Record<string, unknown>[];
      const throttles = settings
        .filter((m) => m.ThrottlingRateLimit !== undefined)
        .map(
          (m) =>
            `${String(m.ResourcePath)} ${String(m.HttpMethod)}: ${String(m.ThrottlingRateLimit)} req/s, burst ${String(m.ThrottlingBurstLimit)}`,
        );
      const cache = s.Properties?.CacheClusterEnabled
        ? `cache ${String(s.Properties?.CacheClusterSize)} GB`
        : 'no cache';
      return `stage ${String(s.Properties?.StageName)}: throttling ${throttles.join('; ') || 'account default only'}; ${cache}`;
    });
    const waf = associations.filter((a) => a.resource.includes(`<${id}>`));
    const usagePlans = resourcesOfType(template, 'AWS::ApiGateway::UsagePlan')
      .filter(([, p]) => JSON.stringify(p.Properties?.ApiStages ?? []).includes(`"${id}"`))
      .map(([planId, p]) => {
        const throttle = p.Properties?.Throttle as { RateLimit?: number; BurstLimit?: number } | undefined;
        return `usage plan ${constructPath(planId, paths)}: ${throttle ? `${throttle.RateLimit} req/s, burst ${throttle.BurstLimit}` : 'no throttle'}`;
      });
    return {
      kind: 'API Gateway REST API',
      path: constructPath(id, paths),
      protections: [
        waf.length > 0 ? `WAF: ${waf.map((a) => a.acl).join(', ')}` : 'WAF: NONE',
        ...stageLines,
        ...usagePlans,
        `methods by authorization: ${[...byAuth].map(([auth, n]) => `${auth} ×${n}`).join(', ') || 'none'}`,
        'TLS: API Gateway endpoints are HTTPS only',
      ],
    };
  });
  const distributions = resourcesOfType(template, 'AWS::CloudFront::Distribution').map(([id, d]) => {
    const config = (d.Properties?.DistributionConfig ?? {}) as Record<string, unknown>;
    const behavior = (config.DefaultCacheBehavior ?? {}) as Record<string, unknown>;
    const cert = (config.ViewerCertificate ?? {}) as Record<string, unknown>;
    return {
      kind: 'CloudFront distribution',
      path: constructPath(id, paths),
      protections: [
        config.WebACLId ? `WAF: ${renderValue(config.WebACLId)}` : 'WAF: NONE',
        `viewer protocol: ${String(behavior.ViewerProtocolPolicy ?? 'allow-all')}`,
        `minimum TLS: ${String(cert.MinimumProtocolVersion ?? 'CloudFront default certificate (TLSv1)')}`,
      ],
    };
  });
  const urls = resourcesOfType(template, 'AWS::Lambda::Url').map(([id, u]) => ({
    kind: 'Lambda function URL',
    path: constructPath(id, paths),
    protections: [`auth: ${String(u.Properties?.AuthType)}`],
  }));
  return [...apis, ...distributions, ...urls];
}
