// Org units tab: the center and the branches in reach; a center admin adds, renames and deletes branches.
import type { AdminOrgUnit } from '../../../src/contracts/index.js';
import { openFormDialog, type FieldSpec } from '../shared/form-dialog.js';
import { localName, t } from '../shared/i18n.js';
import { adminApi } from './admin-api.js';
import { confirmDelete, ListView } from './list-view.js';
import type { AdminContext } from './tabs.js';

const fields = (unit?: AdminOrgUnit): FieldSpec[] => [
  { name: 'name', label: 'admin.unit.name', required: true, maxLength: 100, value: unit?.name },
  { name: 'nameEn', label: 'admin.unit.nameEn', maxLength: 100, value: unit?.nameEn ?? '' },
];

export function unitsTab({ user }: AdminContext): ListView<AdminOrgUnit> {
  const center = user.scope === 'province';
  return new ListView<AdminOrgUnit>({
    testId: 'admin-units',
    load: () => adminApi.units(),
    rowKey: (unit) => unit.id,
    columns: [
      { header: 'admin.unit.name', cell: (unit) => localName(unit) },
      {
        header: 'admin.unit.kind',
        cell: (unit) => t(unit.kind === 'center' ? 'admin.unit.center' : 'admin.unit.branch'),
      },
      { header: 'admin.unit.enterprises', cell: (unit) => String(unit.enterprises) },
      { header: 'admin.unit.users', cell: (unit) => String(unit.users) },
    ],
    ...(center
      ? {
          add: {
            label: 'admin.unit.add',
            run: () =>
              openFormDialog({
                title: 'admin.unit.add',
                testId: 'unit-form',
                fields: fields(),
                submit: async (values) =>
                  void (await adminApi.createUnit({ name: values.name ?? '', nameEn: values.nameEn })),
              }),
          },
          actions: [
            {
              label: 'admin.edit',
              id: 'unit-edit',
              run: (unit: AdminOrgUnit) =>
                openFormDialog({
                  title: 'admin.unit.edit',
                  testId: 'unit-form',
                  fields: fields(unit),
                  submit: async (values) => void (await adminApi.updateUnit(unit.id, values)),
                }),
            },
            {
              label: 'admin.delete',
              id: 'unit-delete',
              shown: (unit: AdminOrgUnit) => unit.kind === 'branch',
              run: async (unit: AdminOrgUnit) => {
                if (!confirmDelete(localName(unit))) return false;
                await adminApi.deleteUnit(unit.id);
                return true;
              },
            },
          ],
        }
      : {}),
  });
}
