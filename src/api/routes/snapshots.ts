// Snapshot route: a JPEG of a camera's latest keyframe, for lists and tiles that are not playing.
import { Router } from 'express';
import type { CameraStore } from '../../org/index.js';
import { VigilError } from '../../shared/errors.js';
import { cameraFor } from '../camera-door.js';

export interface SnapshotSource {
  snapshot(cameraId: string, stream?: 'main' | 'sub'): Promise<{ jpeg: Buffer; takenAt: number } | undefined>;
}

export function snapshotRoutes(deps: { cameras: CameraStore; snapshots: SnapshotSource }): Router {
  const router = Router();
  router.get('/cameras/:id/snapshot.jpg', async (req, res) => {
    const camera = cameraFor(req, deps.cameras, req.params.id, 'see', 'resource');
    const stream = req.query.stream === 'main' ? 'main' : 'sub';
    const snapshot = await deps.snapshots.snapshot(camera.id, stream);
    if (!snapshot) throw new VigilError('VIGIL_UNAVAILABLE', 'The camera has no stream to take a snapshot from');
    res
      .status(200)
      .set({
        'Content-Type': 'image/jpeg',
        'Cache-Control': 'private, max-age=5',
        'Last-Modified': new Date(snapshot.takenAt).toUTCString(),
      })
      .end(snapshot.jpeg);
  });
  return router;
}
