import { describe, expect, it } from 'vitest';
import { matchTemplate } from '../../../lambdas/api/route-match';
import { findRoute } from '../../../lambdas/api/dispatch';
import { API_ROUTES } from '../../../lambdas/api/routes';

describe('matchTemplate', () => {
  const template = '/v1/tours/{tour}/stages/{stage}/riders/{bib}';

  it('returns the raw, decoded placeholder values of a matching path', () => {
    expect(matchTemplate(template, '/v1/tours/tdf2022/stages/2/riders/11')).toEqual({
      tour: 'tdf2022',
      stage: '2',
      bib: '11',
    });
    expect(matchTemplate(template, '/v1/tours/a%20b/stages/2/riders/11/')?.tour).toBe('a b');
  });

  it('keeps a malformed escape as sent, for validation to reject', () => {
    expect(matchTemplate(template, '/v1/tours/%E0%A4%A/stages/2/riders/1')?.tour).toBe('%E0%A4%A');
  });

  it('rejects other shapes: fewer or more segments, other literals, empty placeholders', () => {
    expect(matchTemplate(template, '/v1/tours/tdf2022/stages/2/riders')).toBeUndefined();
    expect(matchTemplate(template, '/v1/tours/tdf2022/stages/2/riders/1/x')).toBeUndefined();
    expect(matchTemplate(template, '/v1/tour/tdf2022/stages/2/riders/1')).toBeUndefined();
    expect(matchTemplate(template, '/v1/tours//stages/2/riders/1')).toBeUndefined();
  });
});

describe('findRoute', () => {
  it('finds exactly one route per template, partner routes apart from public ones', () => {
    for (const route of API_ROUTES) {
      const path = route.template.replace('{tour}', 'tdf2022').replace('{stage}', '2').replace('{bib}', '1');
      expect(findRoute(path)?.route).toBe(route);
    }
    expect(new Set(API_ROUTES.map((r) => r.template)).size).toBe(API_ROUTES.length);
    expect(findRoute('/v1/partner/tours/tdf2022/stages/2/live')?.route.tier).toBe('partner');
  });

  it('gives partner routes an API key or IAM, and public ones no authorization', () => {
    expect(API_ROUTES.filter((r) => r.tier === 'public').every((r) => r.auth === 'none')).toBe(true);
    expect(API_ROUTES.filter((r) => r.tier === 'partner').map((r) => r.auth)).toEqual([
      'api-key',
      'api-key',
      'api-key',
      'api-key',
      'iam',
    ]);
  });
});
