// Evidence snapshots: a full-size still of a camera's latest keyframe, stored with its SHA-256 and the time of the
// frame it shows (the program-date-time of its fragment), not the time of the click.
import { existsSync } from 'node:fs';
import type { EvidenceSnapshot } from '../contracts/index.js';
import { cachedPrepare, type Db, type Prepare } from '../db/index.js';
import { VigilError } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { evidencePath, resolveEvidence, verifyEvidence, writeEvidence } from './evidence-files.js';

/** Where stills come from: the fleet, which starts a camera that is not running for it. */
export interface StillSource {
  snapshot(
    cameraId: string,
    stream: 'main' | 'sub',
    size: 'full',
  ): Promise<{ jpeg: Buffer; takenAt: number } | undefined>;
}

interface SnapshotRow {
  id: string;
  camera_id: string;
  enterprise_id: string;
  frame_at: number;
  taken_at: number;
  taken_by: string | null;
  taken_by_name: string | null;
  sha256: string;
  bytes: number;
  path: string;
}

const toSnapshot = (row: SnapshotRow): EvidenceSnapshot => ({
  id: row.id,
  cameraId: row.camera_id,
  enterpriseId: row.enterprise_id,
  frameAt: new Date(row.frame_at).toISOString(),
  takenAt: new Date(row.taken_at).toISOString(),
  takenBy: row.taken_by_name,
  sha256: row.sha256,
  bytes: row.bytes,
  url: `/api/evidence/snapshots/${row.id}.jpg`,
});

export class SnapshotStore {
  private readonly sql: Prepare;

  constructor(
    db: Db,
    private readonly dataDir: string,
    private readonly stills: StillSource,
  ) {
    this.sql = cachedPrepare(db);
  }

  /** Takes and stores a still of the camera's main stream; `unavailable` when the camera gives no picture. */
  async capture(
    camera: { id: string; enterpriseId: string },
    by: { userId: string; username: string },
  ): Promise<EvidenceSnapshot> {
    const still = await this.stills.snapshot(camera.id, 'main', 'full');
    if (!still) throw new VigilError('VIGIL_UNAVAILABLE', 'The camera has no stream to take a snapshot from');
    const id = newId('snp');
    const takenAt = Date.now();
    const path = evidencePath('snapshots', takenAt, `${id}.jpg`);
    const file = writeEvidence(this.dataDir, path, still.jpeg);
    this.sql(
      `INSERT INTO evidence_snapshots (id, camera_id, enterprise_id, frame_at, taken_at, taken_by, taken_by_name,
         sha256, bytes, path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      camera.id,
      camera.enterpriseId,
      still.takenAt,
      takenAt,
      by.userId,
      by.username,
      file.sha256,
      file.bytes,
      path,
    );
    return this.get(id) as EvidenceSnapshot;
  }

  get(id: string): EvidenceSnapshot | undefined {
    const row = this.row(id);
    return row && toSnapshot(row);
  }

  /** The stored file, for serving; undefined when the row or the file is gone. */
  fileOf(id: string): string | undefined {
    const row = this.row(id);
    if (!row) return undefined;
    const full = resolveEvidence(this.dataDir, row.path);
    return existsSync(full) ? full : undefined;
  }

  /** Re-hashes the stored file against the hash recorded when it was taken. */
  verify(id: string): { ok: boolean; recorded: string; now: string } {
    const row = this.row(id);
    if (!row) throw new VigilError('VIGIL_NOT_FOUND', 'No such snapshot');
    const check = verifyEvidence(this.dataDir, row.path, row.sha256);
    return { ok: check.ok, recorded: row.sha256, now: check.sha256 };
  }

  private row(id: string): SnapshotRow | undefined {
    return this.sql('SELECT * FROM evidence_snapshots WHERE id = ?').get(id) as SnapshotRow | undefined;
  }
}
