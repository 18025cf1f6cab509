import { describe, expect, it } from 'vitest';
import {
  groupDragFactor,
  MAX_SPEED_MS,
  nextSpeedMs,
  powerForSpeedWatts,
  steadySpeedMs,
  type Body,
} from '../../../sim/physics';

const rider: Body = { massKg: 76, cdaM2: 0.32, crr: 0.004 };

describe('steadySpeedMs', () => {
  it('gives less than half the flat speed on an 8 % climb at the same 300 W', () => {
    const flat = steadySpeedMs(rider, 300, 0);

    const climb = steadySpeedMs(rider, 300, 8);

    expect(climb).toBeLessThan(0.5 * flat);
  });

  it('gives 38-44 km/h for a lone rider at 300 W on the flat (published power-speed tables)', () => {
    const speed = steadySpeedMs(rider, 300, 0);

    expect(speed * 3.6).toBeGreaterThan(38);
    expect(speed * 3.6).toBeLessThan(44);
  });

  it('inverts powerForSpeedWatts within 0.01 m/s', () => {
    const watts = powerForSpeedWatts(rider, 9.5, 3);

    const speed = steadySpeedMs(rider, watts, 3);

    expect(Math.abs(speed - 9.5)).toBeLessThan(0.01);
  });

  it('caps the speed on a steep descent', () => {
    const speed = steadySpeedMs(rider, 200, -15);

    expect(speed).toBe(MAX_SPEED_MS);
  });
});

describe('groupDragFactor', () => {
  it('makes a group faster than a lone rider at the same power on the flat', () => {
    const alone = steadySpeedMs(rider, 250, 0, groupDragFactor(1));

    const inGroup = steadySpeedMs(rider, 250, 0, groupDragFactor(20));

    expect(inGroup).toBeGreaterThan(alone * 1.08);
  });

  it('gives drafting almost no benefit on a 9 % climb (air drag matters little at climbing speed)', () => {
    const alone = steadySpeedMs(rider, 350, 9, groupDragFactor(1));

    const inGroup = steadySpeedMs(rider, 350, 9, groupDragFactor(20));

    expect(inGroup / alone).toBeLessThan(1.05);
  });
});

describe('nextSpeedMs', () => {
  it('settles on the steady speed under constant power', () => {
    let speed = 5;

    for (let s = 0; s < 300; s++) speed = nextSpeedMs(rider, speed, 280, 1, 1, 1);

    expect(Math.abs(speed - steadySpeedMs(rider, 280, 1))).toBeLessThan(0.05);
  });
});
