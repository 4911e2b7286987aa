// Org units: the center is fixed; a center admin creates, renames and deletes (empty) branches.
import { Router } from 'express';
import { OrgUnitInput, OrgUnitPatch, type AdminOrgUnit, type OrgUnit } from '../../contracts/index.js';
import { manages, requireCenterAdmin } from '../../org/index.js';
import { VigilError } from '../../shared/errors.js';
import { adminData, audit, changedFields } from '../audit.js';
import { adminOf, type AdminRoutesDeps } from './admin-common.js';

export function unitAdminRoutes(deps: AdminRoutesDeps): Router {
  const router = Router();
  const { org } = deps;

  const view = (unit: OrgUnit): AdminOrgUnit => ({ ...unit, ...org.unitCounts(unit.id) });
  const unitOf = (id: string, caller: Parameters<typeof manages>[0]): OrgUnit => {
    const unit = org.getUnit(id);
    if (!unit || !manages(caller, unit.id)) throw new VigilError('VIGIL_NOT_FOUND', 'No such org unit');
    return unit;
  };
  const assertNameFree = (name: string | undefined, exceptId?: string): void => {
    if (name && org.listUnits().some((unit) => unit.name === name && unit.id !== exceptId)) {
      throw new VigilError('VIGIL_CONFLICT', `An org unit named "${name}" already exists`, {
        details: { reason: 'unit_name_taken', name },
      });
    }
  };

  router.get('/org-units', (req, res) => {
    const caller = adminOf(req);
    res.json({
      units: org
        .listUnits()
        .filter((unit) => manages(caller, unit.id))
        .map(view),
    });
  });

  router.post('/org-units', (req, res) => {
    const caller = adminOf(req);
    requireCenterAdmin(caller, 'create branch offices');
    const body = OrgUnitInput.parse(req.body);
    assertNameFree(body.name);
    const unit = org.createUnit({ parentId: caller.orgUnitId, kind: 'branch', name: body.name, nameEn: body.nameEn });
    audit(deps.bus, req, {
      type: 'audit.admin.org_unit.created',
      message: `${caller.username} created the branch ${unit.name}`,
      orgUnitId: unit.id,
      data: adminData(req, { orgUnit: { id: unit.id, name: unit.name, nameEn: unit.nameEn } }),
    });
    res.status(201).json(view(unit));
  });

  router.patch('/org-units/:id', (req, res) => {
    const caller = adminOf(req);
    const before = unitOf(req.params.id, caller);
    requireCenterAdmin(caller, 'rename org units');
    const body = OrgUnitPatch.parse(req.body);
    assertNameFree(body.name, before.id);
    const after = org.updateUnit(before.id, body);
    audit(deps.bus, req, {
      type: 'audit.admin.org_unit.updated',
      message: `${caller.username} updated the org unit ${after.name}`,
      orgUnitId: after.id,
      data: adminData(req, { orgUnitId: after.id, ...changedFields(before, after, ['name', 'nameEn']) }),
    });
    res.json(view(after));
  });

  router.delete('/org-units/:id', (req, res) => {
    const caller = adminOf(req);
    const unit = unitOf(req.params.id, caller);
    requireCenterAdmin(caller, 'delete branch offices');
    org.deleteUnit(unit.id);
    audit(deps.bus, req, {
      type: 'audit.admin.org_unit.deleted',
      message: `${caller.username} deleted the branch ${unit.name}`,
      orgUnitId: unit.id,
      data: adminData(req, { orgUnit: { id: unit.id, name: unit.name, nameEn: unit.nameEn } }),
    });
    res.status(204).end();
  });

  return router;
}
