// The supervision API in one router: enterprise profiles, evidence snapshots, patrols, rectification notices.
import { Router } from 'express';
import type { CameraStore, OrgStore } from '../../org/index.js';
import type { NoticeService, Patrols, ProfileStore, SnapshotStore } from '../../supervision/index.js';
import type { AuditBus } from '../audit.js';
import { enterpriseProfileRoutes } from './enterprise-profiles.js';
import { evidenceSnapshotRoutes } from './evidence-snapshots.js';
import { noticeFileRoutes } from './notice-files.js';
import { noticeRoutes } from './notices.js';
import { patrolRoutes } from './patrols.js';

export interface SupervisionRoutesDeps {
  org: OrgStore;
  cameras: CameraStore;
  bus: AuditBus;
  supervision: { profiles: ProfileStore; snapshots: SnapshotStore; patrols: Patrols; notices: NoticeService };
}

export function supervisionRoutes(deps: SupervisionRoutesDeps): Router {
  const { org, cameras, bus } = deps;
  const { profiles, snapshots, patrols, notices } = deps.supervision;
  const router = Router();
  router.use(enterpriseProfileRoutes({ org, bus, profiles }));
  router.use(evidenceSnapshotRoutes({ org, cameras, bus, snapshots }));
  router.use(patrolRoutes({ org, bus, patrols }));
  router.use(noticeRoutes({ org, bus, notices }));
  router.use(noticeFileRoutes({ org, bus, notices }));
  return router;
}
