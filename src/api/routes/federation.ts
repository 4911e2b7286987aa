// Federation link health at the center: each branch's link as the caller's scope allows.
import { Router } from 'express';
import type { FederationLinkView } from '../../contracts/index.js';
import { inScope } from '../../org/index.js';
import { requireCaller } from '../auth.js';

export interface FederationLinks {
  views(): FederationLinkView[];
}

export function federationRoutes(deps: { federationLinks?: FederationLinks | undefined }): Router {
  const router = Router();
  router.get('/federation/links', (req, res) => {
    const caller = requireCaller(req);
    const links = (deps.federationLinks?.views() ?? []).filter((link) => inScope(caller.scope, link.branchId));
    res.json({ links });
  });
  return router;
}
