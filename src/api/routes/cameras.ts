// Camera and org-tree routes: what the console lists.
import { Router } from 'express';
import type { CameraList, OrgTree } from '../../contracts/index.js';
import { inScope, type CameraStore, type OrgStore } from '../../org/index.js';
import { VigilError } from '../../shared/errors.js';
import { requireCaller } from '../auth.js';
import { toCameraSummary, type CameraRuntime } from '../camera-view.js';

export interface CameraRoutesDeps {
  org: OrgStore;
  cameras: CameraStore;
  runtime: CameraRuntime;
}

export function cameraRoutes({ org, cameras, runtime }: CameraRoutesDeps): Router {
  const router = Router();

  const visibleCameras = (req: Parameters<typeof requireCaller>[0]) => {
    const { scope } = requireCaller(req);
    return cameras.list().filter((camera) => inScope(scope, camera.orgUnitId));
  };

  router.get('/cameras', (req, res) => {
    const body: CameraList = { cameras: visibleCameras(req).map((camera) => toCameraSummary(camera, runtime)) };
    res.json(body);
  });

  router.get('/cameras/:id', (req, res) => {
    const { scope } = requireCaller(req);
    const camera = cameras.get(req.params.id);
    // Out of scope answers exactly like unknown, so ids of other branches cannot be probed.
    if (!camera || !inScope(scope, camera.orgUnitId)) throw new VigilError('VIGIL_NOT_FOUND', 'No such camera');
    res.json(toCameraSummary(camera, runtime));
  });

  router.get('/org/tree', (req, res) => {
    const { scope } = requireCaller(req);
    const summaries = visibleCameras(req).map((camera) => toCameraSummary(camera, runtime));
    const enterprises = org.listEnterprises().filter((enterprise) => inScope(scope, enterprise.orgUnitId));
    const units = org.listUnits().filter((unit) => unit.kind === 'center' || inScope(scope, unit.id));
    const body: OrgTree = {
      units: units.map((unit) => ({
        ...unit,
        enterprises: enterprises
          .filter((enterprise) => enterprise.orgUnitId === unit.id)
          .map((enterprise) => ({
            ...enterprise,
            cameras: summaries.filter((camera) => camera.enterpriseId === enterprise.id),
          })),
      })),
    };
    res.json(body);
  });

  return router;
}
