// Evidence cases: the agency's own files (enterprise accounts are refused at every door), scoped by the enterprise's
// branch like its cameras; inspectors and admins gather and lock, only admins release, operators read.
import { Router, type Request } from 'express';
import {
  CaseInput,
  CaseItemInput,
  CaseReleaseInput,
  type CaseItemInput as CaseItemInputType,
  type CaseList,
} from '../../contracts/index.js';
import { guardCamera, type CameraStore, type OrgStore } from '../../org/index.js';
import type { CaseMaterialSource, CaseRecord, CaseStore, CaseViews, SnapshotStore } from '../../supervision/index.js';
import { VigilError } from '../../shared/errors.js';
import { audit, type AuditBus } from '../audit.js';
import { requireAgency } from '../auth.js';
import { cameraFor, ownedFor, requireRole } from '../camera-door.js';

export interface CaseRoutesDeps {
  org: OrgStore;
  cameras: CameraStore;
  bus: AuditBus;
  cases: CaseStore;
  views: CaseViews;
  snapshots: SnapshotStore;
  material: CaseMaterialSource;
}

/** Who gathers evidence and locks it. */
export const CASE_WORKERS = ['admin', 'inspector'] as const;

type OwnedCase = CaseRecord & { orgUnitId: string; enterpriseId: string };

export function caseRoutes(deps: CaseRoutesDeps): Router {
  const { org, bus, cases, views } = deps;
  const router = Router();

  /** The case when the caller is the agency's and has it in scope; else 401, 403 agency_only, or 404. */
  const caseOf = (req: Request): OwnedCase => {
    requireAgency(req);
    const record = cases.get(String(req.params.id));
    const owner = record && views.ownerOf(record);
    return ownedFor(req, owner && record && { ...record, ...owner }, 'case');
  };

  const publish = (req: Request, record: OwnedCase, what: string, message: string, data: object = {}): void =>
    audit(bus, req, {
      type: `audit.case.${what}`,
      message: `${req.caller?.username ?? ''} ${message}: ${record.title} (${record.id})`,
      orgUnitId: record.orgUnitId,
      enterpriseId: record.enterpriseId,
      data: { username: req.caller?.username ?? null, caseId: record.id, title: record.title, ...data },
    });

  router.get('/cases', (req, res) => {
    requireAgency(req);
    const visible = cases.list().flatMap((record) => {
      const owner = views.ownerOf(record);
      return owner && guardCamera(req.caller, owner, 'see').ok ? [record] : [];
    });
    const summaries = visible.map((record) => views.summary(record, cases.itemCount(record.id)));
    const body: CaseList = {
      cases: summaries,
      lockedBytes: summaries.reduce((sum, summary) => sum + summary.lockedBytes, 0),
    };
    res.json(body);
  });

  router.post('/cases', (req, res) => {
    const caller = requireAgency(req);
    const input = CaseInput.parse(req.body);
    const enterprise = org.getEnterprise(input.enterpriseId);
    ownedFor(req, enterprise && { orgUnitId: enterprise.orgUnitId, enterpriseId: enterprise.id }, 'enterprise');
    requireRole(req, CASE_WORKERS, 'open cases');
    const record = cases.create(input, caller.username);
    const owned = { ...record, orgUnitId: enterprise?.orgUnitId ?? '' };
    publish(req, owned, 'created', 'opened a case', { enterpriseId: record.enterpriseId });
    res.status(201).json(views.detail(record, []));
  });

  router.get('/cases/:id', (req, res) => {
    const record = caseOf(req);
    res.json(views.detail(record, cases.items(record.id)));
  });

  router.post('/cases/:id/items', (req, res) => {
    const record = caseOf(req);
    requireRole(req, CASE_WORKERS, 'add evidence to cases');
    const input = CaseItemInput.parse(req.body);
    checkItem(req, deps, record, input);
    const item = cases.addItem(record.id, input, requireAgency(req).username);
    publish(req, record, 'item_added', `added a ${item.kind} to the case`, {
      itemId: item.id,
      kind: item.kind,
      cameraId: item.cameraId,
      fromMs: item.fromMs,
      toMs: item.toMs,
      refId: item.refId,
    });
    res.status(201).json(views.item(item));
  });

  router.delete('/cases/:id/items/:itemId', (req, res) => {
    const record = caseOf(req);
    requireRole(req, CASE_WORKERS, 'remove evidence from cases');
    const item = cases.removeItem(record.id, String(req.params.itemId));
    publish(req, record, 'item_removed', `removed a ${item.kind} from the case`, { itemId: item.id, kind: item.kind });
    res.status(204).end();
  });

  router.post('/cases/:id/lock', (req, res) => {
    const record = caseOf(req);
    requireRole(req, CASE_WORKERS, 'lock cases');
    const locked = cases.lock(record.id, requireAgency(req).username);
    const detail = views.detail(locked, cases.items(record.id));
    publish(req, record, 'locked', 'locked the case’s footage against retention', {
      lockedBytes: detail.lockedBytes,
      lockedFiles: detail.lockedFiles,
    });
    res.json(detail);
  });

  router.post('/cases/:id/release', (req, res) => {
    const record = caseOf(req);
    requireRole(req, ['admin'], 'release locked evidence');
    const { reason } = CaseReleaseInput.parse(req.body);
    const before = views.summary(record, 0);
    const released = cases.release(record.id, requireAgency(req).username, reason);
    publish(req, record, 'released', `released the case’s footage (${reason})`, {
      reason,
      lockedBytes: before.lockedBytes,
      lockedFiles: before.lockedFiles,
    });
    res.json(views.detail(released, cases.items(record.id)));
  });

  return router;
}

/** An item must belong to the case's enterprise, and the caller must reach what it names. */
function checkItem(req: Request, deps: CaseRoutesDeps, record: OwnedCase, input: CaseItemInputType): void {
  const other = (what: string): VigilError =>
    new VigilError('VIGIL_VALIDATION', `The ${what} belongs to another enterprise than the case`, {
      details: { reason: 'other_enterprise' },
    });
  if (input.kind === 'clip') {
    const camera = cameraFor(req, deps.cameras, input.cameraId, 'recorded', 'resource');
    if (camera.enterpriseId !== record.enterpriseId) throw other('camera');
  } else if (input.kind === 'snapshot') {
    const snapshot = deps.snapshots.get(input.snapshotId);
    if (!snapshot) throw new VigilError('VIGIL_NOT_FOUND', 'No such snapshot');
    if (snapshot.enterpriseId !== record.enterpriseId) throw other('snapshot');
  } else {
    const material = deps.material;
    const found = input.kind === 'notice' ? material.notice(input.noticeId) : material.photo(input.photoId);
    if (!found) throw new VigilError('VIGIL_NOT_FOUND', `No such ${input.kind}`);
    if (found.enterpriseId !== record.enterpriseId) throw other(input.kind);
  }
}
