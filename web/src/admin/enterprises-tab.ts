// Enterprises tab: the enterprises in reach with their licence, grade and branch; add, edit (a center admin also moves), delete.
import { CREDIT_GRADES, type AdminEnterprise, type AdminOrgUnit } from '../../../src/contracts/index.js';
import { openFormDialog, type FieldSpec, type FormValues } from '../shared/form-dialog.js';
import { gradeLabel, localName } from '../shared/i18n.js';
import { adminApi } from './admin-api.js';
import { confirmDelete, ListView } from './list-view.js';
import { UnitDirectory } from './unit-directory.js';
import type { AdminContext } from './tabs.js';

const LICENCE = /^[A-Za-z0-9-]{4,40}$/;

function fields(unitField: FieldSpec, enterprise?: AdminEnterprise): FieldSpec[] {
  return [
    { name: 'name', label: 'admin.ent.name', required: true, maxLength: 100, value: enterprise?.name },
    { name: 'nameEn', label: 'admin.ent.nameEn', maxLength: 100, value: enterprise?.nameEn ?? '' },
    {
      name: 'licenceNo',
      label: 'admin.ent.licence',
      maxLength: 40,
      value: enterprise?.licenceNo ?? '',
      check: (value) => (LICENCE.test(value) ? undefined : 'form.licenceRule'),
    },
    { name: 'address', label: 'admin.ent.address', maxLength: 200, value: enterprise?.address ?? '' },
    { name: 'contact', label: 'admin.ent.contact', maxLength: 100, value: enterprise?.contact ?? '' },
    {
      name: 'creditGrade',
      label: 'admin.ent.grade',
      kind: 'select',
      options: CREDIT_GRADES.map((grade) => ({ value: grade, label: gradeLabel(grade) })),
      value: enterprise?.creditGrade ?? 'B',
    },
    unitField,
  ];
}

const toInput = (values: FormValues) => ({
  orgUnitId: values.orgUnitId ?? '',
  name: values.name ?? '',
  nameEn: values.nameEn,
  licenceNo: values.licenceNo,
  address: values.address,
  contact: values.contact,
  creditGrade: (values.creditGrade ?? 'B') as AdminEnterprise['creditGrade'],
});

export function enterprisesTab({ user }: AdminContext): ListView<AdminEnterprise> {
  const units = new UnitDirectory();
  const isBranch = (unit: AdminOrgUnit): boolean => unit.kind === 'branch';
  return new ListView<AdminEnterprise>({
    testId: 'admin-enterprises',
    load: () => units.with(adminApi.enterprises()),
    rowKey: (enterprise) => enterprise.id,
    columns: [
      { header: 'admin.ent.name', cell: (enterprise) => localName(enterprise) },
      { header: 'admin.ent.licence', cell: (enterprise) => enterprise.licenceNo ?? '' },
      { header: 'admin.ent.grade', cell: (enterprise) => gradeLabel(enterprise.creditGrade) },
      { header: 'admin.ent.branch', cell: (enterprise) => units.name(enterprise.orgUnitId) },
      { header: 'admin.ent.contact', cell: (enterprise) => enterprise.contact ?? '' },
      { header: 'admin.ent.cameras', cell: (enterprise) => String(enterprise.cameras) },
    ],
    add: {
      label: 'admin.ent.add',
      run: () =>
        openFormDialog({
          title: 'admin.ent.add',
          testId: 'enterprise-form',
          fields: fields(units.field('admin.ent.branch', undefined, isBranch)),
          submit: async (values) => void (await adminApi.createEnterprise(toInput(values))),
        }),
    },
    actions: [
      {
        label: 'admin.edit',
        id: 'enterprise-edit',
        run: (enterprise) =>
          openFormDialog({
            title: 'admin.ent.edit',
            testId: 'enterprise-form',
            // Only a center admin moves an enterprise between branches; a branch admin's list holds its own alone.
            fields: fields(
              units.field('admin.ent.branch', enterprise.orgUnitId, (unit) =>
                user.scope === 'province' ? isBranch(unit) : unit.id === enterprise.orgUnitId,
              ),
              enterprise,
            ),
            submit: async (values) => void (await adminApi.updateEnterprise(enterprise.id, toInput(values))),
          }),
      },
      {
        label: 'admin.delete',
        id: 'enterprise-delete',
        run: async (enterprise) => {
          if (!confirmDelete(localName(enterprise))) return false;
          await adminApi.deleteEnterprise(enterprise.id);
          return true;
        },
      },
    ],
  });
}
