// Camera image health: a camera's checks and reference picture for everyone in its scope (an enterprise account for
// its own cameras), a check on demand for the agency's staff, the reference view chosen by an admin.
import { Router } from 'express';
import {
  IMAGE_PROBLEMS,
  ImageHealthQuery,
  ImageProblemsQuery,
  type CameraImageHealth,
  type ImageProblemList,
} from '../../contracts/index.js';
import type { ImageHealth, ImageCheckStore } from '../../image-health/index.js';
import type { CameraStore } from '../../org/index.js';
import { VigilError } from '../../shared/errors.js';
import { auditEvent, type AuditBus } from '../audit.js';
import { requireCaller } from '../auth.js';
import { cameraFor, requireRole, visibleTo } from '../camera-door.js';

export interface ImageHealthRoutesDeps {
  cameras: CameraStore;
  bus: AuditBus;
  imageHealth: { checks: ImageHealth; store: ImageCheckStore; historyLimit: number };
}

export function imageHealthRoutes({ cameras, bus, imageHealth }: ImageHealthRoutesDeps): Router {
  const { checks, store } = imageHealth;
  const router = Router();

  router.get('/cameras/:id/image-health', (req, res) => {
    const camera = cameraFor(req, cameras, String(req.params.id), 'see', 'resource');
    const query = ImageHealthQuery.parse(req.query);
    const history = store.history(camera.id, query.limit ?? imageHealth.historyLimit);
    const body: CameraImageHealth = {
      cameraId: camera.id,
      latest: history[0] ?? null,
      history,
      reference: checks.reference(camera.id) ?? null,
    };
    res.json(body);
  });

  router.post('/cameras/:id/image-health/check', async (req, res) => {
    const camera = cameraFor(req, cameras, String(req.params.id), 'see', 'resource');
    requireRole(req, ['admin', 'operator', 'inspector'], 'check camera pictures');
    res.json(await checks.check(camera.id, 'on_demand'));
  });

  router.put('/cameras/:id/image-health/reference', async (req, res) => {
    const camera = cameraFor(req, cameras, String(req.params.id), 'see', 'resource');
    requireRole(req, ['admin'], 'choose the reference picture');
    const caller = requireCaller(req);
    const reference = await checks.setReference(camera.id, caller);
    const entry = {
      type: 'audit.image.reference.set' as const,
      message: `${caller.username} took the current picture of ${camera.name} as its reference view`,
      orgUnitId: camera.orgUnitId,
      enterpriseId: camera.enterpriseId,
      data: { username: caller.username, sha256: reference.sha256 },
    };
    bus.publish({ ...auditEvent(req, entry), cameraId: camera.id });
    res.json(reference);
  });

  router.get('/cameras/:id/image-health/reference.jpg', (req, res) => {
    const camera = cameraFor(req, cameras, String(req.params.id), 'see', 'resource');
    const file = checks.referenceFile(camera.id);
    if (!file) throw new VigilError('VIGIL_NOT_FOUND', 'The camera has no reference picture');
    res.set({ 'Cache-Control': 'private, max-age=60' });
    res.type('image/jpeg').sendFile(file);
  });

  router.get('/image-health', (req, res) => {
    requireCaller(req);
    const wanted = new Set<string>(ImageProblemsQuery.parse(req.query).verdict ?? IMAGE_PROBLEMS);
    const seen = new Map(visibleTo(req, cameras.list(), 'see').map((camera) => [camera.id, camera]));
    const body: ImageProblemList = { cameras: [] };
    for (const check of store.latestOfAll()) {
      const camera = seen.get(check.cameraId);
      if (camera && wanted.has(check.verdict))
        body.cameras.push({ ...check, cameraName: camera.name, enterpriseId: camera.enterpriseId });
    }
    res.json(body);
  });

  return router;
}
