import { describe, expect, it } from 'vitest';
import { buildDeviceDirectory, deviceAssignmentsFromConfig, ownerAt } from '../../../../core/race/index';

describe('ownerAt', () => {
  const directory = buildDeviceDirectory([
    { device: 'TRK-7', owner: { kind: 'rider', bib: 7 }, validFromMs: 1_000, validToMs: 5_000 },
    { device: 'TRK-7', owner: { kind: 'rider', bib: 8 }, validFromMs: 5_000, validToMs: null },
    { device: 'CAR', owner: { kind: 'vehicle', id: 'CAR-1' }, validFromMs: 0, validToMs: null },
  ]);

  it('returns the rider who carried the device at the fix time', () => {
    const owner = ownerAt(directory, 'TRK-7', 4_999);

    expect(owner).toEqual({ kind: 'rider', bib: 7 });
  });

  it('treats validTo as exclusive, so a handed-over device belongs to its next owner', () => {
    const owner = ownerAt(directory, 'TRK-7', 5_000);

    expect(owner).toEqual({ kind: 'rider', bib: 8 });
  });

  it('keeps vehicles apart from riders', () => {
    const owner = ownerAt(directory, 'CAR', 3_000);

    expect(owner).toEqual({ kind: 'vehicle', id: 'CAR-1' });
  });

  it('returns undefined before any assignment and for unknown devices', () => {
    const before = ownerAt(directory, 'TRK-7', 999);
    const unknown = ownerAt(directory, 'TRK-99', 3_000);

    expect(before).toBeUndefined();
    expect(unknown).toBeUndefined();
  });
});

describe('deviceAssignmentsFromConfig', () => {
  it('converts ISO times to epoch ms and keeps open-ended assignments open', () => {
    const config = [
      {
        device: 'TRK-1-A',
        owner: { kind: 'rider' as const, bib: 1 },
        validFrom: '2022-06-30T00:00:00.000Z',
        validTo: null,
      },
    ];

    const assignments = deviceAssignmentsFromConfig(config);

    expect(assignments).toEqual([
      { device: 'TRK-1-A', owner: { kind: 'rider', bib: 1 }, validFromMs: Date.UTC(2022, 5, 30), validToMs: null },
    ]);
  });
});
