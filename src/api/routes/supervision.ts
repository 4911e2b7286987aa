// The supervision API in one router: enterprise profiles, evidence snapshots, rectification notices (and, as they
// come, patrols and cases).
import { Router } from 'express';
import type { CameraStore, OrgStore } from '../../org/index.js';
import type { NoticeService, ProfileStore, SnapshotStore } from '../../supervision/index.js';
import type { AuditBus } from '../audit.js';
import { enterpriseProfileRoutes } from './enterprise-profiles.js';
import { evidenceSnapshotRoutes } from './evidence-snapshots.js';
import { noticeFileRoutes } from './notice-files.js';
import { noticeRoutes } from './notices.js';

export interface SupervisionRoutesDeps {
  org: OrgStore;
  cameras: CameraStore;
  bus: AuditBus;
  supervision: { profiles: ProfileStore; snapshots: SnapshotStore; notices?: NoticeService | undefined };
}

export function supervisionRoutes(deps: SupervisionRoutesDeps): Router {
  const { org, cameras, bus } = deps;
  const { profiles, snapshots, notices } = deps.supervision;
  const router = Router();
  router.use(enterpriseProfileRoutes({ org, bus, profiles }));
  router.use(evidenceSnapshotRoutes({ org, cameras, bus, snapshots }));
  if (notices) {
    router.use(noticeRoutes({ org, bus, notices }));
    router.use(noticeFileRoutes({ org, bus, notices }));
  }
  return router;
}
