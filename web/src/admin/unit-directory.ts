// The org units in the admin's reach, loaded with each tab's records: their names in lists, their choice in forms.
import { shallowRef } from 'vue';
import type { AdminOrgUnit } from '../../../src/contracts/index.js';
import type { FieldSpec } from '../shared/form-spec.js';
import { localName, type MessageKey } from '../shared/i18n.js';
import { adminApi } from './admin-api.js';

export function unitDirectory() {
  const units = shallowRef<readonly AdminOrgUnit[]>([]);

  return {
    /** Loads the units alongside `records` (one round trip for both). */
    async with<T>(records: Promise<T[]>): Promise<T[]> {
      const [found, rows] = await Promise.all([adminApi.units(), records]);
      units.value = found;
      return rows;
    },

    name(id: string): string {
      const unit = units.value.find((candidate) => candidate.id === id);
      return unit ? localName(unit) : id;
    },

    /** A required select of the units that pass `keep`; the first is chosen when the record has none yet. */
    field(label: MessageKey, value: string | undefined, keep: (unit: AdminOrgUnit) => boolean = () => true): FieldSpec {
      const options = units.value.filter(keep).map((unit) => ({ value: unit.id, label: localName(unit) }));
      return { name: 'orgUnitId', label, kind: 'select', required: true, options, value: value ?? options[0]?.value };
    },
  };
}

export type UnitDirectory = ReturnType<typeof unitDirectory>;
