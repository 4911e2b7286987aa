// The supervision API in one router: enterprise profiles, evidence snapshots, patrols, rectification notices, cases,
// reports.
import { Router } from 'express';
import type { CameraStore, OrgStore } from '../../org/index.js';
import type { CaseServices, NoticeService, Patrols, ProfileStore, SnapshotStore } from '../../supervision/index.js';
import type { AuditBus } from '../audit.js';
import { caseExportRoutes } from './case-exports.js';
import { caseRoutes } from './cases.js';
import { enterpriseProfileRoutes } from './enterprise-profiles.js';
import { evidenceSnapshotRoutes } from './evidence-snapshots.js';
import { noticeFileRoutes } from './notice-files.js';
import { noticeRoutes } from './notices.js';
import { patrolRoutes } from './patrols.js';
import { reportRoutes, type ReportRoutesDeps } from './reports.js';

export interface SupervisionRoutesDeps {
  org: OrgStore;
  cameras: CameraStore;
  bus: AuditBus;
  supervision: {
    profiles: ProfileStore;
    snapshots: SnapshotStore;
    patrols: Patrols;
    notices: NoticeService;
    cases: CaseServices;
    reports: ReportRoutesDeps['reports'];
    scores: ReportRoutesDeps['scores'];
  };
}

export function supervisionRoutes(deps: SupervisionRoutesDeps): Router {
  const { org, cameras, bus } = deps;
  const { profiles, snapshots, patrols, notices } = deps.supervision;
  const { store, views, exports, material } = deps.supervision.cases;
  const router = Router();
  router.use(enterpriseProfileRoutes({ org, bus, profiles }));
  router.use(evidenceSnapshotRoutes({ org, cameras, bus, snapshots }));
  router.use(patrolRoutes({ org, bus, patrols }));
  router.use(noticeRoutes({ org, bus, notices }));
  router.use(noticeFileRoutes({ org, bus, notices }));
  router.use(caseRoutes({ org, cameras, bus, cases: store, views, snapshots, material }));
  router.use(caseExportRoutes({ bus, cases: store, views, exports }));
  router.use(reportRoutes({ org, cameras, reports: deps.supervision.reports, scores: deps.supervision.scores }));
  return router;
}
