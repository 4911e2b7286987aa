// What the report and the overview screen share about a scope: its name, and one row per branch of the province.
import type { Enterprise } from '../contracts/index.js';

export type Units = ReadonlyArray<{ id: string; name: string; kind: string }>;

/** The province's name (its center's) when `orgUnitId` is null, else the branch's. */
export function scopeName(units: Units, orgUnitId: string | null): string {
  if (orgUnitId === null) return units.find((unit) => unit.kind === 'center')?.name ?? '';
  return units.find((unit) => unit.id === orgUnitId)?.name ?? orgUnitId;
}

/** One row per branch, made by `row` from the branch's enterprises. */
export function branchRows<T>(
  units: Units,
  enterprises: readonly Enterprise[],
  row: (key: string, name: string, members: readonly Enterprise[]) => T,
): T[] {
  return units
    .filter((unit) => unit.kind === 'branch')
    .map((unit) =>
      row(
        unit.id,
        unit.name,
        enterprises.filter((e) => e.orgUnitId === unit.id),
      ),
    );
}
