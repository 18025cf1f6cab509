import { describe, expect, it } from 'vitest';
import { etagOf, matchesIfNoneMatch, okReply } from '../../../lambdas/api/responses';

describe('etagOf', () => {
  it('is a quoted strong tag that changes with the body', () => {
    expect(etagOf('{"a":1}')).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(etagOf('{"a":1}')).toBe(etagOf('{"a":1}'));
    expect(etagOf('{"a":1}')).not.toBe(etagOf('{"a":2}'));
  });
});

describe('matchesIfNoneMatch', () => {
  const tag = etagOf('body');

  it('matches the tag itself, a weakened copy, a list holding it and *', () => {
    expect(matchesIfNoneMatch(tag, tag)).toBe(true);
    expect(matchesIfNoneMatch(`W/${tag}`, tag)).toBe(true);
    expect(matchesIfNoneMatch(`"x", ${tag} ,"y"`, tag)).toBe(true);
    expect(matchesIfNoneMatch('*', tag)).toBe(true);
  });

  it('does not match no header, another tag or the tag unquoted', () => {
    expect(matchesIfNoneMatch(undefined, tag)).toBe(false);
    expect(matchesIfNoneMatch('"other"', tag)).toBe(false);
    expect(matchesIfNoneMatch(tag.slice(1, -1), tag)).toBe(false);
  });
});

describe('okReply', () => {
  it('returns the JSON body with its ETag, or a bodiless 304 with the same caching headers', () => {
    const fresh = okReply({ a: 1 }, 'live', undefined, { X: 'y' });
    const cached = okReply({ a: 1 }, 'live', fresh.headers?.ETag as string, { X: 'y' });

    expect(fresh).toMatchObject({ statusCode: 200, body: '{"a":1}', headers: { X: 'y', ETag: etagOf('{"a":1}') } });
    expect(cached).toEqual({
      statusCode: 304,
      body: '',
      headers: { X: 'y', ETag: etagOf('{"a":1}'), 'Cache-Control': fresh.headers?.['Cache-Control'] },
    });
  });
});
