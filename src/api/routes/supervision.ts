// The supervision API in one router: enterprise profiles, evidence snapshots, patrols (notices and cases next).
import { Router } from 'express';
import type { CameraStore, OrgStore } from '../../org/index.js';
import type { Patrols, ProfileStore, SnapshotStore } from '../../supervision/index.js';
import type { AuditBus } from '../audit.js';
import { enterpriseProfileRoutes } from './enterprise-profiles.js';
import { evidenceSnapshotRoutes } from './evidence-snapshots.js';
import { patrolRoutes } from './patrols.js';

export interface SupervisionRoutesDeps {
  org: OrgStore;
  cameras: CameraStore;
  bus: AuditBus;
  supervision: { profiles: ProfileStore; snapshots: SnapshotStore; patrols: Patrols };
}

export function supervisionRoutes(deps: SupervisionRoutesDeps): Router {
  const { org, cameras, bus } = deps;
  const { profiles, snapshots, patrols } = deps.supervision;
  const router = Router();
  router.use(enterpriseProfileRoutes({ org, bus, profiles }));
  router.use(evidenceSnapshotRoutes({ org, cameras, bus, snapshots }));
  router.use(patrolRoutes({ org, bus, patrols }));
  return router;
}
