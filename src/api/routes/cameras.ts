// Camera and org-tree routes: what the console lists.
import { Router } from 'express';
import type { CameraList, OrgTree } from '../../contracts/index.js';
import { inScope, type CameraStore, type OrgStore } from '../../org/index.js';
import { requireCaller } from '../auth.js';
import { cameraFor, visibleTo } from '../camera-door.js';
import { toCameraSummary, type CameraRuntime } from '../camera-view.js';

export interface CameraRoutesDeps {
  org: OrgStore;
  cameras: CameraStore;
  runtime: CameraRuntime;
}

export function cameraRoutes({ org, cameras, runtime }: CameraRoutesDeps): Router {
  const router = Router();

  const visibleCameras = (req: Parameters<typeof requireCaller>[0]) => {
    requireCaller(req);
    return visibleTo(req, cameras.list(), 'see');
  };

  router.get('/cameras', (req, res) => {
    const body: CameraList = { cameras: visibleCameras(req).map((camera) => toCameraSummary(camera, runtime)) };
    res.json(body);
  });

  router.get('/cameras/:id', (req, res) => {
    // Out of scope answers exactly like unknown (404), so ids of other branches cannot be probed.
    res.json(toCameraSummary(cameraFor(req, cameras, req.params.id, 'see', 'resource'), runtime));
  });

  router.get('/org/tree', (req, res) => {
    const { scope } = requireCaller(req);
    const summaries = visibleCameras(req).map((camera) => toCameraSummary(camera, runtime));
    const enterprises = org
      .listEnterprises()
      .filter((enterprise) => inScope(scope, enterprise.orgUnitId, enterprise.id))
      // An enterprise never learns its own credit grade: it sets how closely the agency watches it.
      .map((enterprise) => (scope.kind === 'enterprise' ? { ...enterprise, creditGrade: null } : enterprise));
    const units = org
      .listUnits()
      .filter(
        (unit) =>
          unit.kind === 'center' ||
          inScope(scope, unit.id) ||
          enterprises.some((enterprise) => enterprise.orgUnitId === unit.id),
      );
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
