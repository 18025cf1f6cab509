import type { DeviceAssignmentConfig } from '../tour-config/schema';

/** Who carries a tracker: a rider (by bib) or a race vehicle (by id); vehicles never enter rider state. */
export type DeviceOwner =
  { readonly kind: 'rider'; readonly bib: number } | { readonly kind: 'vehicle'; readonly id: string };

/** One tracker assigned to an owner over [validFromMs, validToMs), epoch ms; `validToMs` null while open-ended. */
export interface DeviceAssignment {
  readonly device: string;
  readonly owner: DeviceOwner;
  readonly validFromMs: number;
  readonly validToMs: number | null;
}

/** Device assignments indexed for lookups at a time, built once per stage (DESIGN §6, §9). */
export interface DeviceDirectory {
  /** Assignments per device, earliest first. */
  readonly byDevice: ReadonlyMap<string, readonly DeviceAssignment[]>;
  /**
   * Each device's place in the sorted list of device ids: `applyFixes` orders a batch by (time, device, seq), and
   * comparing two numbers is several times cheaper than comparing two ids. Optional for hand-built directories.
   */
  readonly rankOf?: ReadonlyMap<string, number>;
}

/** Indexes assignments by device; a device may change owner over time (a spare bike handed to a teammate). */
export function buildDeviceDirectory(assignments: readonly DeviceAssignment[]): DeviceDirectory {
  const byDevice = new Map<string, DeviceAssignment[]>();
  for (const a of assignments) {
    const list = byDevice.get(a.device);
    if (list) list.push(a);
    else byDevice.set(a.device, [a]);
  }
  for (const list of byDevice.values()) list.sort((a, b) => a.validFromMs - b.validFromMs);
  const ids = [...byDevice.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { byDevice, rankOf: new Map(ids.map((id, i) => [id, i])) };
}

/** Returns the owner of a device at a fix time (epoch ms), or undefined when no assignment covers it. */
export function ownerAt(directory: DeviceDirectory, device: string, tMs: number): DeviceOwner | undefined {
  const list = directory.byDevice.get(device);
  if (list === undefined) return undefined;
  for (const a of list) {
    if (a.validFromMs <= tMs && (a.validToMs === null || tMs < a.validToMs)) return a.owner;
  }
  return undefined;
}

/** Converts the tour config's assignments (ISO 8601 times) to engine assignments (epoch ms). */
export function deviceAssignmentsFromConfig(devices: readonly DeviceAssignmentConfig[]): DeviceAssignment[] {
  return devices.map((d) => ({
    device: d.device,
    owner: d.owner.kind === 'rider' ? { kind: 'rider', bib: d.owner.bib } : { kind: 'vehicle', id: d.owner.id },
    validFromMs: Date.parse(d.validFrom),
    validToMs: d.validTo === null ? null : Date.parse(d.validTo),
  }));
}
