import { describe, expect, it } from 'vitest';
import { finishLinePassages, prepareRoute } from '../../../../../core/race';
import { loadRoutePoints } from '../../../../helpers/routes';

describe('finishLinePassages', () => {
  it('finds the 8 earlier passages of the finish line on the Champs-Élysées circuit of 2022 stage 21', () => {
    const route = prepareRoute(loadRoutePoints('tdf2022', 21));

    const passages = finishLinePassages(route);

    expect(passages).toHaveLength(8);
    expect(passages.every((m, i) => i === 0 || m - passages[i - 1]! > 6_000)).toBe(true);
  });

  it('finds none on a point-to-point stage (2022 stage 12, Alpe d’Huez)', () => {
    const route = prepareRoute(loadRoutePoints('tdf2022', 12));

    expect(finishLinePassages(route)).toEqual([]);
  });
});
