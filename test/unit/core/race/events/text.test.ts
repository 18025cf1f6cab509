import { describe, expect, it } from 'vitest';
import { durationText, kmText, namesText, ordinalText } from '../../../../../core/race/events/text';

describe('event text helpers', () => {
  it('writes durations as fans read them', () => {
    expect([0, 45.4, 60, 65, 3_725].map(durationText)).toEqual([
      '0 s',
      '45 s',
      '1 min',
      '1 min 05 s',
      '1 h 02 min 05 s',
    ]);
  });

  it('writes ordinals in English and French, including the teens', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map((n) => ordinalText(n).en)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '101st',
    ]);
    expect([1, 2, 10].map((n) => ordinalText(n).fr)).toEqual(['1er', '2e', '10e']);
  });

  it('joins names and writes km with the local decimal mark', () => {
    const name = (bib: number): string => `R${bib}`;

    expect(namesText([1], name)).toEqual({ en: 'R1', fr: 'R1' });
    expect(namesText([1, 2, 3], name)).toEqual({ en: 'R1, R2 and R3', fr: 'R1, R2 et R3' });
    expect(kmText(52_345)).toEqual({ en: 'km 52.3', fr: 'km 52,3' });
  });
});
