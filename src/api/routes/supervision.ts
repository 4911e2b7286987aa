// The supervision API in one router: enterprise profiles (and, as they come, patrols, notices and cases).
import { Router } from 'express';
import type { ProfileStore } from '../../supervision/index.js';
import type { AuditBus } from '../audit.js';
import type { OrgStore } from '../../org/index.js';
import { enterpriseProfileRoutes } from './enterprise-profiles.js';

export interface SupervisionRoutesDeps {
  org: OrgStore;
  bus: AuditBus;
  supervision: { profiles: ProfileStore };
}

export function supervisionRoutes(deps: SupervisionRoutesDeps): Router {
  const router = Router();
  router.use(enterpriseProfileRoutes({ org: deps.org, bus: deps.bus, profiles: deps.supervision.profiles }));
  return router;
}
