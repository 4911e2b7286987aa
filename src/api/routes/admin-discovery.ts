// ONVIF routes for admins: discovery jobs (multicast or a swept range) with progress, and reading one device with credentials.
import { Router } from 'express';
import { DeviceReadInput, DiscoveryInput, type DeviceReadResult } from '../../contracts/index.js';
import {
  listInterfaces,
  readDevice,
  requireAdmin,
  type AdminReach,
  type DiscoveryJobs,
} from '../../registration/index.js';
import type { Logger } from '../../shared/logger.js';
import { requireCaller } from '../auth.js';

export interface AdminDiscoveryRoutesDeps {
  discovery: DiscoveryJobs;
  logger: Logger;
  /** Admin reach: a device read connects only where camera administration may. */
  reach: AdminReach;
}

export function adminDiscoveryRoutes({ discovery, logger, reach }: AdminDiscoveryRoutesDeps): Router {
  const router = Router();
  const admin = (req: Parameters<typeof requireCaller>[0]) => {
    const caller = requireCaller(req);
    requireAdmin(caller);
    return caller;
  };

  router.get('/admin/discovery/interfaces', (req, res) => {
    admin(req);
    res.json({ interfaces: listInterfaces() });
  });

  router.post('/admin/discovery', (req, res) => {
    res.status(202).json(discovery.start(admin(req), DiscoveryInput.parse(req.body)));
  });

  router.get('/admin/discovery/:id', (req, res) => {
    res.json(discovery.get(admin(req), req.params.id));
  });

  router.post('/admin/onvif/device', async (req, res) => {
    admin(req);
    const input = DeviceReadInput.parse(req.body);
    const body: DeviceReadResult = await readDevice({ ...input, logger, reach });
    res.json(body);
  });

  return router;
}
