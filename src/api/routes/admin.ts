// The organisation admin API under /api/admin: only admins pass; each admin reaches only what its unit manages.
import { Router } from 'express';
import { enterpriseAdminRoutes } from './admin-enterprises.js';
import { adminOf, type AdminRoutesDeps } from './admin-common.js';
import { unitAdminRoutes } from './admin-units.js';
import { userAdminRoutes } from './admin-users.js';

export type { AdminRoutesDeps };

export function adminRoutes(deps: AdminRoutesDeps): Router {
  const router = Router();
  router.use('/admin', (req, _res, next) => {
    adminOf(req);
    next();
  });
  router.use('/admin', unitAdminRoutes(deps));
  router.use('/admin', enterpriseAdminRoutes(deps));
  router.use('/admin', userAdminRoutes(deps));
  return router;
}
