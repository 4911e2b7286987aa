// Retrieval jobs and the map of retrieved branch files in SQLite: a job survives a restart of the center, a file
// retrieved is known by the branch's id of it.
import { cachedPrepare, type Db, type Prepare } from '../db/index.js';
import type { RetrievalJobView } from '../contracts/index.js';

export type RetrievalState = RetrievalJobView['state'];

export interface RetrievalJob {
  id: string;
  cameraId: string;
  branchId: string;
  fromMs: number;
  toMs: number;
  state: RetrievalState;
  files: number;
  filesDone: number;
  bytes: number;
  bytesDone: number;
  error: string | null;
  userId: string | null;
  username: string | null;
  reason: string | null;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  id: string;
  camera_id: string;
  branch_id: string;
  from_ms: number;
  to_ms: number;
  state: RetrievalState;
  files: number;
  files_done: number;
  bytes: number;
  bytes_done: number;
  error: string | null;
  user_id: string | null;
  username: string | null;
  reason: string | null;
  created_at: number;
  updated_at: number;
}

const toJob = (r: Row): RetrievalJob => ({
  id: r.id,
  cameraId: r.camera_id,
  branchId: r.branch_id,
  fromMs: r.from_ms,
  toMs: r.to_ms,
  state: r.state,
  files: r.files,
  filesDone: r.files_done,
  bytes: r.bytes,
  bytesDone: r.bytes_done,
  error: r.error,
  userId: r.user_id,
  username: r.username,
  reason: r.reason,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** States of a job that is not over. */
export const ACTIVE_STATES: readonly RetrievalState[] = ['queued', 'running', 'waiting'];
const ACTIVE = `state IN ('queued', 'running', 'waiting')`;

export class RetrievalStore {
  private readonly sql: Prepare;

  constructor(db: Db) {
    this.sql = cachedPrepare(db);
  }

  insert(job: RetrievalJob): void {
    this.sql(
      `INSERT INTO federation_retrievals (id, camera_id, branch_id, from_ms, to_ms, state, files, files_done, bytes,
         bytes_done, error, user_id, username, reason, created_at, updated_at)
       VALUES (@id, @cameraId, @branchId, @fromMs, @toMs, @state, @files, @filesDone, @bytes, @bytesDone, @error,
         @userId, @username, @reason, @createdAt, @updatedAt)`,
    ).run(job);
  }

  /** Writes a job's state and counters. */
  save(job: RetrievalJob): void {
    this.sql(
      `UPDATE federation_retrievals SET state = @state, files = @files, files_done = @filesDone, bytes = @bytes,
         bytes_done = @bytesDone, error = @error, updated_at = @updatedAt WHERE id = @id`,
    ).run(job);
  }

  get(id: string): RetrievalJob | undefined {
    const row = this.sql('SELECT * FROM federation_retrievals WHERE id = ?').get(id) as Row | undefined;
    return row ? toJob(row) : undefined;
  }

  /** The newest jobs first; of one camera when named. */
  list(cameraId: string | undefined, limit: number): RetrievalJob[] {
    const rows = cameraId
      ? this.sql('SELECT * FROM federation_retrievals WHERE camera_id = ? ORDER BY created_at DESC LIMIT ?').all(
          cameraId,
          limit,
        )
      : this.sql('SELECT * FROM federation_retrievals ORDER BY created_at DESC LIMIT ?').all(limit);
    return (rows as Row[]).map(toJob);
  }

  /** Jobs not over, oldest first: the work queue. */
  active(): RetrievalJob[] {
    return (this.sql(`SELECT * FROM federation_retrievals WHERE ${ACTIVE} ORDER BY created_at`).all() as Row[]).map(
      toJob,
    );
  }

  /** The center's recording of a branch file, when it was retrieved (and retention has not removed it since). */
  retrievedRecording(cameraId: string, branchFileId: number): number | undefined {
    const row = this.sql(
      'SELECT recording_id AS id FROM federation_retrieved WHERE camera_id = ? AND branch_file_id = ?',
    ).get(cameraId, branchFileId) as { id: number } | undefined;
    return row?.id;
  }

  /** The branch's id of a retrieved recording. */
  branchFileOf(recordingId: number): number | undefined {
    const row = this.sql('SELECT branch_file_id AS id FROM federation_retrieved WHERE recording_id = ?').get(
      recordingId,
    ) as { id: number } | undefined;
    return row?.id;
  }

  markRetrieved(cameraId: string, branchFileId: number, recordingId: number, sha256: string): void {
    this.sql(
      `INSERT OR REPLACE INTO federation_retrieved (camera_id, branch_file_id, recording_id, sha256)
       VALUES (?, ?, ?, ?)`,
    ).run(cameraId, branchFileId, recordingId, sha256);
  }
}
