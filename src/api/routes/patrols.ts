// Patrol API: plans per branch, checklist templates, tasks, points, and records (scoped like cameras; an enterprise
// account reads only its own records, without the agency's internal note).
import { Router, type Request } from 'express';
import {
  ChecklistTemplateInput,
  PatrolPlanInput,
  PatrolPointsInput,
  PatrolTaskQuery,
  ProductionStage,
  type Enterprise,
  type PatrolPlan,
  type PatrolRecord,
} from '../../contracts/index.js';
import { inScope, manages, requireAdmin, requireCenterAdmin, type OrgStore } from '../../org/index.js';
import { VigilError } from '../../shared/errors.js';
import type { Patrols } from '../../supervision/index.js';
import { audit, type AuditBus } from '../audit.js';
import { requireAgency, requireCaller } from '../auth.js';
import { ownedFor, requireRole } from '../camera-door.js';

export interface PatrolRoutesDeps {
  org: OrgStore;
  patrols: Patrols;
  bus: AuditBus;
}

export function patrolRoutes({ org, patrols, bus }: PatrolRoutesDeps): Router {
  const router = Router();
  const enterpriseOf = (req: Request, id: string): Enterprise => {
    const enterprise = org.getEnterprise(id);
    return ownedFor(req, enterprise && { ...enterprise, enterpriseId: enterprise.id }, 'enterprise');
  };
  const planView = (orgUnitId: string): PatrolPlan => {
    const plan = patrols.plans.plan(orgUnitId);
    return {
      ...plan,
      orgUnitName: org.getUnit(orgUnitId)?.name ?? orgUnitId,
      updatedAt: plan.updatedAt === null ? null : new Date(plan.updatedAt).toISOString(),
    };
  };
  /** A record as the caller may read it: an enterprise account never gets the agency's internal note. */
  const recordView = (req: Request, record: PatrolRecord): PatrolRecord => {
    const enterpriseName = org.getEnterprise(record.enterpriseId)?.name ?? record.enterpriseId;
    if (requireCaller(req).scope.kind !== 'enterprise') return { ...record, enterpriseName };
    const { internalNote: _internal, ...shared } = record;
    return { ...shared, enterpriseName };
  };

  router.get('/patrol/plans', (req, res) => {
    const { scope } = requireAgency(req);
    const branches = org.listUnits().filter((unit) => unit.kind === 'branch' && inScope(scope, unit.id));
    res.json({ plans: branches.map((unit) => planView(unit.id)) });
  });

  router.post('/patrol/plans', (req, res) => {
    const caller = requireAdmin(requireCaller(req));
    const input = PatrolPlanInput.parse(req.body);
    const unit = org.getUnit(input.orgUnitId);
    if (!unit || unit.kind !== 'branch' || !manages(caller, unit.id)) {
      throw new VigilError('VIGIL_NOT_FOUND', 'No such branch');
    }
    patrols.plans.setPlan(
      { ...input, spotChecksPerMonth: input.spotChecksPerMonth ?? 0, graceDays: input.graceDays ?? 2 },
      caller.username,
    );
    patrols.tick();
    audit(bus, req, {
      type: 'audit.patrol.plan.updated',
      message: `${caller.username} set the patrol plan of ${unit.name}`,
      orgUnitId: unit.id,
      data: { username: caller.username, frequencies: input.frequencies, spotChecksPerMonth: input.spotChecksPerMonth },
    });
    res.json(planView(unit.id));
  });

  router.get('/patrol/templates', (req, res) => {
    requireAgency(req);
    res.json({ templates: patrols.plans.templates() });
  });

  router.put('/patrol/templates/:stage', (req, res) => {
    const caller = requireCaller(req);
    requireCenterAdmin(caller, 'edit checklist templates');
    const stage = ProductionStage.parse(req.params.stage);
    const { items } = ChecklistTemplateInput.parse(req.body);
    const template = patrols.plans.setTemplate(stage, items, caller.username);
    audit(bus, req, {
      type: 'audit.patrol.template.updated',
      message: `${caller.username} changed the checklist of the stage ${stage}`,
      orgUnitId: caller.orgUnitId,
      data: { username: caller.username, stage, items: items.length },
    });
    res.json(template);
  });

  router.get('/patrol/tasks', (req, res) => {
    const caller = requireAgency(req);
    const query = PatrolTaskQuery.parse(req.query);
    const now = patrols.now();
    const rows = patrols.tasks.list({
      orgUnitIds: caller.scope.kind === 'province' ? undefined : [caller.scope.orgUnitId],
      enterpriseId: query.enterpriseId,
      state: query.state,
      assignedTo: query.mine === 'true' ? caller.userId : undefined,
    });
    res.json({ tasks: rows.map((row) => patrols.tasks.view(row, now)) });
  });

  router.get('/patrol/enterprises/:id/points', (req, res) => {
    requireAgency(req);
    const enterprise = enterpriseOf(req, String(req.params.id));
    res.json({ points: patrols.records.points(enterprise.id) });
  });

  router.put('/patrol/enterprises/:id/points', (req, res) => {
    const enterprise = enterpriseOf(req, String(req.params.id));
    const caller = requireAdmin(requireCaller(req));
    const { points } = PatrolPointsInput.parse(req.body);
    const own = patrols.records.ownCameras(enterprise.id);
    points.forEach((point, index) => {
      if (!own.includes(point.cameraId)) {
        throw new VigilError('VIGIL_VALIDATION', `points.${index}.cameraId: not a camera of this enterprise`, {
          details: [{ path: `points.${index}.cameraId`, message: 'not a camera of this enterprise' }],
        });
      }
    });
    patrols.plans.setPoints(
      enterprise.id,
      points.map((point) => ({
        ...point,
        presetToken: point.presetToken ?? null,
        presetName: point.presetName ?? null,
      })),
    );
    audit(bus, req, {
      type: 'audit.patrol.points.updated',
      message: `${caller.username} set the patrol points of ${enterprise.name}`,
      orgUnitId: enterprise.orgUnitId,
      enterpriseId: enterprise.id,
      data: { username: caller.username, points: points.length },
    });
    res.json({ points: patrols.records.points(enterprise.id) });
  });

  router.post('/patrol/records', (req, res) => {
    const caller = requireCaller(req);
    const enterprise = enterpriseOf(
      req,
      String((req.body as { enterpriseId?: unknown } | undefined)?.enterpriseId ?? ''),
    );
    requireRole(req, ['admin', 'inspector'], 'record patrols');
    const now = patrols.now();
    const { record, failed } = patrols.records.submit(
      req.body as never,
      { userId: caller.userId, name: caller.displayName },
      now,
    );
    const taskId = patrols.tasks.complete(enterprise.id, record.taskId, record.id, now);
    if (taskId && taskId !== record.taskId) patrols.records.linkTask(record.id, taskId);
    patrols.tick();
    audit(bus, req, {
      type: 'audit.patrol.recorded',
      severity: record.result === 'fail' ? 'warning' : 'info',
      message: `${caller.username} patrolled ${enterprise.name}: ${record.result}`,
      orgUnitId: enterprise.orgUnitId,
      enterpriseId: enterprise.id,
      data: {
        username: caller.username,
        recordId: record.id,
        result: record.result,
        failedItems: record.failedItems,
        offlinePoints: record.offlinePoints,
        failedPoints: failed.map((point) => point.cameraId),
      },
    });
    res.status(201).json(recordView(req, patrols.records.get(record.id) ?? record));
  });

  router.get('/patrol/records', (req, res) => {
    const { scope } = requireCaller(req);
    const wanted = typeof req.query.enterpriseId === 'string' ? req.query.enterpriseId : undefined;
    const enterprises = org
      .listEnterprises()
      .filter((enterprise) => inScope(scope, enterprise.orgUnitId, enterprise.id))
      .filter((enterprise) => wanted === undefined || enterprise.id === wanted)
      .map((enterprise) => enterprise.id);
    res.json({ records: patrols.records.list(enterprises).map((record) => recordView(req, record)) });
  });

  router.get('/patrol/records/:id', (req, res) => {
    const record = patrols.records.get(String(req.params.id));
    const owner = record && org.getEnterprise(record.enterpriseId);
    const found = ownedFor(req, owner && record && { ...record, orgUnitId: owner.orgUnitId }, 'patrol record');
    const { orgUnitId: _unit, ...plain } = found;
    res.json(recordView(req, plain));
  });

  return router;
}
