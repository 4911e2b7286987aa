// A branch's catalog: its unit, enterprises and cameras with their status, as the center mirrors them.
import type { BranchCatalog, CameraState, CatalogCamera, Enterprise, OrgUnit } from '../contracts/index.js';
import type { CameraRecord } from '../org/index.js';

/** What the catalog reads: the branch's own stores and the status of its running cameras. */
export interface CatalogSources {
  getUnit(id: string): OrgUnit | undefined;
  listEnterprises(): Enterprise[];
  listCameras(): CameraRecord[];
  statusOf(cameraId: string): CameraState;
}

export function buildCatalog(branchId: string, sources: CatalogSources, now = Date.now()): BranchCatalog {
  const unit = sources.getUnit(branchId);
  const enterprises = sources.listEnterprises().filter((enterprise) => enterprise.orgUnitId === branchId);
  const cameras = sources
    .listCameras()
    .filter((camera) => camera.orgUnitId === branchId && camera.origin === null)
    .map((camera): CatalogCamera => {
      const state = camera.enabled ? sources.statusOf(camera.id) : { status: 'disabled' as const, reason: null };
      return {
        id: camera.id,
        enterpriseId: camera.enterpriseId,
        name: camera.name,
        nameEn: camera.nameEn,
        stage: camera.stage,
        hasSub: camera.subUrl !== null,
        recordMode: camera.recordMode,
        enabled: camera.enabled,
        status: state.status,
        statusReason: state.reason,
        statusReasonCode: state.reasonCode ?? null,
      };
    });
  return {
    branchId,
    builtAt: now,
    branch: { name: unit?.name ?? branchId, nameEn: unit?.nameEn ?? null },
    enterprises: enterprises.map(({ id, name, nameEn, creditGrade }) => ({ id, name, nameEn, creditGrade })),
    cameras,
  };
}

/** The catalog without its build time: two catalogs with equal keys say the same, and need not be sent again. */
export const catalogKey = (catalog: BranchCatalog): string => JSON.stringify({ ...catalog, builtAt: 0 });
