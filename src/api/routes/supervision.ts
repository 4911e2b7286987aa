// The supervision API in one router: enterprise profiles (and, as they come, patrols, notices and cases).
import { Router } from 'express';
import type { CameraStore, OrgStore } from '../../org/index.js';
import type { ProfileStore, SnapshotStore } from '../../supervision/index.js';
import type { AuditBus } from '../audit.js';
import { enterpriseProfileRoutes } from './enterprise-profiles.js';
import { evidenceSnapshotRoutes } from './evidence-snapshots.js';

export interface SupervisionRoutesDeps {
  org: OrgStore;
  cameras: CameraStore;
  bus: AuditBus;
  supervision: { profiles: ProfileStore; snapshots: SnapshotStore };
}

export function supervisionRoutes(deps: SupervisionRoutesDeps): Router {
  const { org, cameras, bus } = deps;
  const { profiles, snapshots } = deps.supervision;
  const router = Router();
  router.use(enterpriseProfileRoutes({ org, bus, profiles }));
  router.use(evidenceSnapshotRoutes({ org, cameras, bus, snapshots }));
  return router;
}
