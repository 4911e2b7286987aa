// The org units in the admin's reach, loaded with each tab's records: their names in lists, their choice in forms.
import type { AdminOrgUnit } from '../../../src/contracts/index.js';
import type { FieldSpec } from '../shared/form-dialog.js';
import { localName, type MessageKey } from '../shared/i18n.js';
import { adminApi } from './admin-api.js';

export class UnitDirectory {
  private units: AdminOrgUnit[] = [];

  /** Loads the units alongside `records` (one round trip for both). */
  async with<T>(records: Promise<T[]>): Promise<T[]> {
    const [units, rows] = await Promise.all([adminApi.units(), records]);
    this.units = units;
    return rows;
  }

  name(id: string): string {
    const unit = this.units.find((candidate) => candidate.id === id);
    return unit ? localName(unit) : id;
  }

  /** A required select of the units that pass `keep`. */
  field(label: MessageKey, value: string | undefined, keep: (unit: AdminOrgUnit) => boolean = () => true): FieldSpec {
    return {
      name: 'orgUnitId',
      label,
      kind: 'select',
      required: true,
      options: this.units.filter(keep).map((unit) => ({ value: unit.id, label: localName(unit) })),
      value,
    };
  }
}
