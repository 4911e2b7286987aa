// Enterprises: created, edited and deleted within the admin's reach; only a center admin moves one between branches.
import { Router } from 'express';
import { EnterpriseInput, EnterprisePatch, type AdminEnterprise, type Enterprise } from '../../contracts/index.js';
import { manages, requireCenterAdmin } from '../../org/index.js';
import { VigilError } from '../../shared/errors.js';
import { adminData, audit, changedFields } from '../audit.js';
import { adminOf, managed, targetUnit, type AdminRoutesDeps } from './admin-common.js';

const FIELDS = ['orgUnitId', 'name', 'nameEn', 'licenceNo', 'address', 'contact', 'creditGrade'] as const;

export function enterpriseAdminRoutes(deps: AdminRoutesDeps): Router {
  const router = Router();
  const { org } = deps;

  const view = (enterprise: Enterprise): AdminEnterprise => ({
    ...enterprise,
    cameras: org.cameraCount(enterprise.id),
  });
  const branchFor = (caller: Parameters<typeof manages>[0], orgUnitId: string, what: string) => {
    const unit = targetUnit(deps, caller, orgUnitId, what);
    if (unit.kind !== 'branch') {
      throw new VigilError('VIGIL_VALIDATION', 'orgUnitId: an enterprise belongs to a branch office, not the center', {
        details: [{ path: 'orgUnitId', message: 'must be a branch office' }],
      });
    }
    return unit;
  };
  const assertLicenceFree = (licenceNo: string | null | undefined, exceptId?: string): void => {
    const holder = licenceNo ? org.findEnterpriseByLicence(licenceNo) : undefined;
    if (holder && holder.id !== exceptId) {
      throw new VigilError(
        'VIGIL_CONFLICT',
        `The licence number ${licenceNo} is already registered to another enterprise`,
        { details: { reason: 'licence_taken', licenceNo } },
      );
    }
  };

  router.get('/enterprises', (req, res) => {
    const caller = adminOf(req);
    res.json({
      enterprises: org
        .listEnterprises()
        .filter((e) => manages(caller, e.orgUnitId))
        .map(view),
    });
  });

  router.post('/enterprises', (req, res) => {
    const caller = adminOf(req);
    const body = EnterpriseInput.parse(req.body);
    branchFor(caller, body.orgUnitId, 'add enterprises');
    assertLicenceFree(body.licenceNo);
    const enterprise = org.createEnterprise(body);
    audit(deps.bus, req, {
      type: 'audit.admin.enterprise.created',
      message: `${caller.username} registered the enterprise ${enterprise.name}`,
      orgUnitId: enterprise.orgUnitId,
      data: adminData(req, { enterprise }),
    });
    res.status(201).json(view(enterprise));
  });

  router.patch('/enterprises/:id', (req, res) => {
    const caller = adminOf(req);
    const before = managed(caller, org.getEnterprise(req.params.id), 'enterprise');
    const body = EnterprisePatch.parse(req.body);
    const moving = body.orgUnitId !== undefined && body.orgUnitId !== before.orgUnitId;
    if (moving) {
      requireCenterAdmin(caller, 'move an enterprise to another branch');
      branchFor(caller, body.orgUnitId as string, 'move enterprises');
    }
    assertLicenceFree(body.licenceNo, before.id);
    // The cameras' scope is joined from the enterprise on every check: moving it moves them at once.
    const after = org.updateEnterprise(before.id, body);
    const change = changedFields(before, after, FIELDS);
    audit(deps.bus, req, {
      type: 'audit.admin.enterprise.updated',
      message: moving
        ? `${caller.username} moved the enterprise ${after.name} to ${org.getUnit(after.orgUnitId)?.name ?? after.orgUnitId}`
        : `${caller.username} updated the enterprise ${after.name}`,
      orgUnitId: after.orgUnitId,
      data: adminData(req, { enterpriseId: after.id, ...change }),
    });
    res.json(view(after));
  });

  router.delete('/enterprises/:id', (req, res) => {
    const caller = adminOf(req);
    const enterprise = managed(caller, org.getEnterprise(req.params.id), 'enterprise');
    org.deleteEnterprise(enterprise.id);
    audit(deps.bus, req, {
      type: 'audit.admin.enterprise.deleted',
      message: `${caller.username} deleted the enterprise ${enterprise.name}`,
      orgUnitId: enterprise.orgUnitId,
      data: adminData(req, { enterprise }),
    });
    res.status(204).end();
  });

  return router;
}
