import { describe, expect, it } from 'vitest';
import { pointAtDistance, RouteInputError } from '../../../../../core/race/index';
import { preparedStage } from '../../../../helpers/routes';

const route = preparedStage('tdf2022', 6);

describe('pointAtDistance', () => {
  it('returns each vertex at its own cumulative distance', () => {
    const vertices = [0, 1, 500, 1234, route.vertexCount - 1];

    const points = vertices.map((i) => pointAtDistance(route, route.distanceMeters[i]!));

    vertices.forEach((i, k) => {
      expect(points[k]!.lon).toBeCloseTo(route.lon[i]!, 9);
      expect(points[k]!.lat).toBeCloseTo(route.lat[i]!, 9);
    });
  });

  it('returns the midpoint of a segment halfway along it', () => {
    const i = 700;
    const halfway = (route.distanceMeters[i]! + route.distanceMeters[i + 1]!) / 2;

    const point = pointAtDistance(route, halfway);

    expect(point.lon).toBeCloseTo((route.lon[i]! + route.lon[i + 1]!) / 2, 9);
    expect(point.lat).toBeCloseTo((route.lat[i]! + route.lat[i + 1]!) / 2, 9);
  });

  it('lies the requested distance from the start when measured with the route’s ruler along the vertices', () => {
    const distance = 123_456.7;
    const point = pointAtDistance(route, distance);
    let i = 0;
    while (route.distanceMeters[i + 1]! <= distance) i++;

    const fromVertex = route.ruler.distance([route.lon[i]!, route.lat[i]!], [point.lon, point.lat]);

    expect(route.distanceMeters[i]! + fromVertex).toBeCloseTo(distance, 3);
  });

  it('clamps distances before the start and after the finish to the start and the finish', () => {
    const before = pointAtDistance(route, -500);
    const after = pointAtDistance(route, route.lengthMeters + 500);

    expect(before).toEqual({ lon: route.lon[0], lat: route.lat[0] });
    expect(after.lon).toBeCloseTo(route.lon[route.vertexCount - 1]!, 12);
    expect(after.lat).toBeCloseTo(route.lat[route.vertexCount - 1]!, 12);
  });

  it('throws RouteInputError for a distance that is not a number', () => {
    const act = (): unknown => pointAtDistance(route, Number.NaN);

    expect(act).toThrow(RouteInputError);
    expect(act).toThrow('distanceMeters must be a finite number, received NaN');
  });
});
