// The center's copy of each branch's catalog: rows in its own org tree (so scope rules apply as they are), status in memory.
import type { BranchCatalog, CameraState } from '../contracts/index.js';
import { cachedPrepare, type Db, type Prepare } from '../db/index.js';

/** The center's id of a branch's enterprise or camera: unique across branches that chose the same local ids. */
export const mirroredId = (branchId: string, localId: string): string => `${branchId}~${localId}`;

/** The branch and its local id of a mirrored id, or undefined for an id of the center's own. */
export function splitMirroredId(id: string): { branchId: string; localId: string } | undefined {
  const at = id.indexOf('~');
  return at > 0 ? { branchId: id.slice(0, at), localId: id.slice(at + 1) } : undefined;
}

export interface MirrorChange {
  added: number;
  updated: number;
  removed: number;
  /** Cameras whose status or its reason is new or changed. */
  statusChanged: string[];
}

export class CatalogMirror {
  private readonly sql: Prepare;
  private readonly status = new Map<string, CameraState>();

  constructor(private readonly db: Db) {
    this.sql = cachedPrepare(db);
  }

  /** The status a branch last reported for a mirrored camera. */
  statusOf(cameraId: string): CameraState | undefined {
    return this.status.get(cameraId);
  }

  /** Mirrored cameras per branch. */
  cameraCount(branchId: string): number {
    return (this.sql('SELECT COUNT(*) AS n FROM cameras WHERE origin = ?').get(branchId) as { n: number }).n;
  }

  /** Replaces what the center holds of one branch by its newest catalog, in one transaction. */
  apply(catalog: BranchCatalog): MirrorChange {
    const branchId = catalog.branchId;
    const change: MirrorChange = { added: 0, updated: 0, removed: 0, statusChanged: [] };
    this.db.transaction(() => {
      this.upsertBranchUnit(catalog);
      const now = Date.now();
      for (const enterprise of catalog.enterprises) {
        this.sql(
          `INSERT INTO enterprises (id, org_unit_id, name, name_en, credit_grade, created_at, origin)
             VALUES (@id, @unit, @name, @nameEn, @grade, @now, @origin)
           ON CONFLICT(id) DO UPDATE SET org_unit_id = @unit, name = @name, name_en = @nameEn, credit_grade = @grade
             WHERE origin = @origin`,
        ).run({
          id: mirroredId(branchId, enterprise.id),
          unit: branchId,
          name: enterprise.name,
          nameEn: enterprise.nameEn,
          grade: enterprise.creditGrade,
          now,
          origin: branchId,
        });
      }
      const known = new Set(this.mirroredCameraIds(branchId));
      const seen = new Set<string>();
      for (const camera of catalog.cameras) {
        const id = mirroredId(branchId, camera.id);
        seen.add(id);
        if (known.has(id)) change.updated += 1;
        else change.added += 1;
        const before = this.status.get(id);
        if (before?.status !== camera.status || before.reason !== camera.statusReason) change.statusChanged.push(id);
        this.status.set(id, {
          status: camera.status,
          reason: camera.statusReason,
          reasonCode: camera.statusReasonCode ?? null,
        });
        this.sql(
          `INSERT INTO cameras (id, enterprise_id, name, name_en, stage, main_url, sub_url, record_mode, enabled,
               created_at, updated_at, origin)
             VALUES (@id, @enterprise, @name, @nameEn, @stage, @main, @sub, @record, @enabled, @now, @now, @origin)
           ON CONFLICT(id) DO UPDATE SET enterprise_id = @enterprise, name = @name, name_en = @nameEn, stage = @stage,
             main_url = @main, sub_url = @sub, record_mode = @record, enabled = @enabled, updated_at = @now
             WHERE origin = @origin`,
        ).run({
          id,
          enterprise: mirroredId(branchId, camera.enterpriseId),
          name: camera.name,
          nameEn: camera.nameEn,
          stage: camera.stage,
          // Where the stream comes from, for the record: the center never pulls these URLs itself.
          main: `vigil-branch://${branchId}/${camera.id}/main`,
          sub: camera.hasSub ? `vigil-branch://${branchId}/${camera.id}/sub` : null,
          record: camera.recordMode,
          enabled: camera.enabled ? 1 : 0,
          now,
          origin: branchId,
        });
      }
      for (const id of known) {
        if (seen.has(id)) continue;
        this.sql('DELETE FROM cameras WHERE id = ? AND origin = ?').run(id, branchId);
        this.status.delete(id);
        change.removed += 1;
      }
      const enterprises = new Set(catalog.enterprises.map((enterprise) => mirroredId(branchId, enterprise.id)));
      const stale = this.sql('SELECT id FROM enterprises WHERE origin = ?').all(branchId) as { id: string }[];
      for (const { id } of stale) {
        if (!enterprises.has(id)) this.sql('DELETE FROM enterprises WHERE id = ? AND origin = ?').run(id, branchId);
      }
    })();
    return change;
  }

  /** The ids of the cameras mirrored from one branch. */
  mirroredCameraIds(branchId: string): string[] {
    return (this.sql('SELECT id FROM cameras WHERE origin = ?').all(branchId) as { id: string }[]).map((r) => r.id);
  }

  /** The branch's unit under the center's root: made on its first catalog, renamed when the branch renames it. */
  private upsertBranchUnit(catalog: BranchCatalog): void {
    const root = this.sql(`SELECT id FROM org_units WHERE kind = 'center' ORDER BY created_at LIMIT 1`).get() as
      { id: string } | undefined;
    if (!root) throw new Error('the center hub has no monitoring-center unit to hang branches under');
    this.sql(
      `INSERT INTO org_units (id, parent_id, kind, name, name_en, created_at) VALUES (@id, @root, 'branch', @name, @nameEn, @now)
       ON CONFLICT(id) DO UPDATE SET name = @name, name_en = @nameEn`,
    ).run({
      id: catalog.branchId,
      root: root.id,
      name: catalog.branch.name,
      nameEn: catalog.branch.nameEn,
      now: Date.now(),
    });
  }
}
