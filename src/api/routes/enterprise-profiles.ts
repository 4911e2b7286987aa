// Enterprise supervision profiles: read in scope; the agency's admins and inspectors set them; the enterprise and
// the agency declare days without production.
import { Router, type Request } from 'express';
import { ClosureInput, EnterpriseProfileInput, type Enterprise } from '../../contracts/index.js';
import type { OrgStore } from '../../org/index.js';
import type { ProfileStore } from '../../supervision/index.js';
import { audit, type AuditBus } from '../audit.js';
import { ownedFor, requireRole } from '../camera-door.js';
import { localDay } from '../../shared/local-day.js';
import { VigilError } from '../../shared/errors.js';

export interface ProfileRoutesDeps {
  org: OrgStore;
  profiles: ProfileStore;
  bus: AuditBus;
}

/**
 * An enterprise declares (and withdraws) days without production from today on: a past day would change the scores
 * its cameras were held to. The agency corrects past days, and the scores of those days are computed again.
 */
function notBackdated(req: Request, day: string): void {
  if (req.caller?.role !== 'enterprise' || day >= localDay(new Date())) return;
  throw new VigilError('VIGIL_VALIDATION', 'day: an enterprise declares days without production from today on', {
    details: [{ path: 'day', message: 'must be today or later; the agency corrects past days' }],
  });
}

export function enterpriseProfileRoutes({ org, profiles, bus }: ProfileRoutesDeps): Router {
  const router = Router();
  const enterpriseOf = (req: Request): Enterprise =>
    ownedFor(req, withOwner(org.getEnterprise(String(req.params.id))), 'enterprise');
  const publish = (req: Request, enterprise: Enterprise, what: string, message: string, data: object) =>
    audit(bus, req, {
      type: `audit.supervision.${what}`,
      message: `${req.caller?.username ?? ''} ${message} (${enterprise.name})`,
      orgUnitId: enterprise.orgUnitId,
      enterpriseId: enterprise.id,
      data: { username: req.caller?.username ?? null, enterpriseId: enterprise.id, ...data },
    });

  router.get('/enterprises/:id/profile', (req, res) => {
    res.json(profiles.get(enterpriseOf(req).id));
  });

  router.put('/enterprises/:id/profile', (req, res) => {
    const enterprise = enterpriseOf(req);
    requireRole(req, ['admin', 'inspector'], 'set supervision profiles');
    const input = EnterpriseProfileInput.parse(req.body);
    const profile = profiles.update(enterprise.id, input);
    publish(req, enterprise, 'profile.updated', 'updated the supervision profile', { fields: Object.keys(input) });
    res.json(profile);
  });

  router.post('/enterprises/:id/closures', (req, res) => {
    const enterprise = enterpriseOf(req);
    requireRole(req, ['admin', 'inspector', 'enterprise'], 'declare days without production');
    const { day, reason } = ClosureInput.parse(req.body);
    notBackdated(req, day);
    profiles.declareClosure(enterprise.id, day, reason, req.caller?.username ?? '');
    publish(req, enterprise, 'closure.declared', `declared ${day} a day without production`, { day, reason });
    res.status(201).json({ closures: profiles.closures(enterprise.id) });
  });

  router.delete('/enterprises/:id/closures/:day', (req, res) => {
    const enterprise = enterpriseOf(req);
    requireRole(req, ['admin', 'inspector', 'enterprise'], 'withdraw days without production');
    const day = String(req.params.day);
    notBackdated(req, day);
    profiles.removeClosure(enterprise.id, day);
    publish(req, enterprise, 'closure.removed', `withdrew the day without production ${day}`, { day });
    res.status(204).end();
  });

  return router;
}

/** An enterprise is owned by its branch and by itself (its own accounts see it). */
const withOwner = (enterprise: Enterprise | undefined) => enterprise && { ...enterprise, enterpriseId: enterprise.id };
