import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitConcatenatedJson } from '../../../../core/wire/concatenated-json';

describe('splitConcatenatedJson', () => {
  it('splits objects written back to back, with or without whitespace between them', () => {
    const { objects, trailing } = splitConcatenatedJson('{"a":1}{"b":{"c":[1,2]}}\n {"d":"x"}');
    expect(objects).toEqual(['{"a":1}', '{"b":{"c":[1,2]}}', '{"d":"x"}']);
    expect(trailing).toBe('');
  });

  it('ignores braces and escaped quotes inside strings', () => {
    const text = '{"gateway":"gw-}{\\"1"}{"x":"\\\\"}';
    expect(splitConcatenatedJson(text).objects.map((o) => JSON.parse(o))).toEqual([
      { gateway: 'gw-}{"1' },
      { x: '\\' },
    ]);
  });

  it('returns a truncated last object as the trailing part instead of an object', () => {
    const { objects, trailing } = splitConcatenatedJson('{"a":1}{"b":[1,');
    expect(objects).toEqual(['{"a":1}']);
    expect(trailing).toBe('{"b":[1,');
  });

  it('recovers any sequence of JSON objects concatenated as Firehose writes them', () => {
    fc.assert(
      fc.property(fc.array(fc.dictionary(fc.string(), fc.jsonValue()), { maxLength: 8 }), (values) => {
        const text = values.map((v) => JSON.stringify(v)).join('');
        expect(splitConcatenatedJson(text).objects.map((o) => JSON.parse(o))).toEqual(
          values.map((v) => JSON.parse(JSON.stringify(v))),
        );
      }),
    );
  });
});
