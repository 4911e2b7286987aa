// PTZ routes: a camera's pan/tilt/zoom, presets and steering, behind the camera door for live viewing.
import { Router, type Request } from 'express';
import { PtzMoveInput, PtzPresetInput, type PtzSteerer, type PtzView } from '../../contracts/index.js';
import type { CameraRecord, CameraStore } from '../../org/index.js';
import { requireCaller } from '../auth.js';
import { cameraFor } from '../camera-door.js';

type PtzCallerArg = {
  userId: string;
  username: string;
  displayName: string;
  role: string;
  ip: string | null;
};

/** What the routes ask of the hub's PTZ (src/ptz's PtzService). */
export interface PtzControl {
  view(caller: PtzCallerArg, camera: CameraRecord): Promise<PtzView>;
  move(caller: PtzCallerArg, camera: CameraRecord, input: PtzMoveInput): Promise<PtzSteerer>;
  stopMove(caller: PtzCallerArg, camera: CameraRecord): Promise<void>;
  gotoPreset(caller: PtzCallerArg, camera: CameraRecord, token: string): Promise<void>;
  setPreset(caller: PtzCallerArg, camera: CameraRecord, name: string): Promise<{ token: string; name: string }>;
  removePreset(caller: PtzCallerArg, camera: CameraRecord, token: string): Promise<void>;
  release(caller: PtzCallerArg, camera: CameraRecord): Promise<void>;
}

export function ptzRoutes(deps: { cameras: CameraStore; ptz: PtzControl }): Router {
  const router = Router();
  /** The caller and the camera, when the caller may watch it live (else the door's 401/403/404). */
  const reach = (req: Request<{ id: string }>) => {
    const caller = requireCaller(req);
    const camera = cameraFor(req, deps.cameras, req.params.id, 'live', 'resource');
    const who: PtzCallerArg = {
      userId: caller.userId,
      username: caller.username,
      displayName: caller.displayName,
      role: caller.role,
      ip: req.ip ?? null,
    };
    return { who, camera };
  };

  router.get('/cameras/:id/ptz', async (req, res) => {
    const { who, camera } = reach(req);
    res.json(await deps.ptz.view(who, camera));
  });
  router.post('/cameras/:id/ptz/move', async (req, res) => {
    const { who, camera } = reach(req);
    const steering = await deps.ptz.move(who, camera, PtzMoveInput.parse(req.body ?? {}));
    res.json({ steering });
  });
  router.post('/cameras/:id/ptz/stop', async (req, res) => {
    const { who, camera } = reach(req);
    await deps.ptz.stopMove(who, camera);
    res.status(204).end();
  });
  router.post('/cameras/:id/ptz/release', async (req, res) => {
    const { who, camera } = reach(req);
    await deps.ptz.release(who, camera);
    res.status(204).end();
  });
  router.post('/cameras/:id/ptz/presets', async (req, res) => {
    const { who, camera } = reach(req);
    res.status(201).json(await deps.ptz.setPreset(who, camera, PtzPresetInput.parse(req.body ?? {}).name));
  });
  router.post('/cameras/:id/ptz/presets/:token/goto', async (req, res) => {
    const { who, camera } = reach(req);
    await deps.ptz.gotoPreset(who, camera, req.params.token);
    res.status(204).end();
  });
  router.delete('/cameras/:id/ptz/presets/:token', async (req, res) => {
    const { who, camera } = reach(req);
    await deps.ptz.removePreset(who, camera, req.params.token);
    res.status(204).end();
  });
  return router;
}
