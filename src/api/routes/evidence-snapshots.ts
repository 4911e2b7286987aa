// Evidence snapshots: inspectors and admins take them from a camera in scope; everyone in the enterprise's scope
// reads them (the JPEG is served from outside the web root, never cached by shared caches).
import { Router, type Request } from 'express';
import type { EvidenceSnapshot } from '../../contracts/index.js';
import type { CameraStore, OrgStore } from '../../org/index.js';
import type { SnapshotStore } from '../../supervision/index.js';
import { VigilError } from '../../shared/errors.js';
import { audit, type AuditBus } from '../audit.js';
import { requireCaller } from '../auth.js';
import { cameraFor, ownedFor, requireRole } from '../camera-door.js';

export interface EvidenceSnapshotRoutesDeps {
  org: OrgStore;
  cameras: CameraStore;
  snapshots: SnapshotStore;
  bus: AuditBus;
}

export function evidenceSnapshotRoutes({ org, cameras, snapshots, bus }: EvidenceSnapshotRoutesDeps): Router {
  const router = Router();

  /** A snapshot is owned by its enterprise, in whichever branch supervises it now. */
  const snapshotOf = (req: Request): EvidenceSnapshot => {
    const snapshot = snapshots.get(String(req.params.id));
    const owner = snapshot && org.getEnterprise(snapshot.enterpriseId);
    return ownedFor(req, owner && snapshot && { ...snapshot, orgUnitId: owner.orgUnitId }, 'snapshot');
  };

  router.post('/cameras/:id/evidence-snapshots', async (req, res) => {
    const camera = cameraFor(req, cameras, String(req.params.id), 'live', 'resource');
    requireRole(req, ['admin', 'inspector'], 'take evidence snapshots');
    const caller = requireCaller(req);
    const snapshot = await snapshots.capture(camera, caller);
    audit(bus, req, {
      type: 'audit.evidence.snapshot.taken',
      message: `${caller.username} took an evidence snapshot of ${camera.name}`,
      orgUnitId: camera.orgUnitId,
      enterpriseId: camera.enterpriseId,
      data: { username: caller.username, cameraId: camera.id, snapshotId: snapshot.id, sha256: snapshot.sha256 },
    });
    res.status(201).json(snapshot);
  });

  router.get('/evidence/snapshots/:id.jpg', (req, res) => {
    const snapshot = snapshotOf(req);
    const file = snapshots.fileOf(snapshot.id);
    if (!file) throw new VigilError('VIGIL_NOT_FOUND', 'The snapshot file is missing from the evidence store');
    res.set({ 'Cache-Control': 'private, max-age=3600', 'X-Content-SHA256': snapshot.sha256 });
    res.type('image/jpeg').sendFile(file);
  });

  router.get('/evidence/snapshots/:id', (req, res) => {
    res.json(snapshotOf(req));
  });

  router.get('/evidence/snapshots/:id/verify', (req, res) => {
    res.json(snapshots.verify(snapshotOf(req).id));
  });

  return router;
}
