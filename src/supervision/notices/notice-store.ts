// The notices' tables: a notice, its evidence, its steps and its answer photos; no rules here (see notice-service.ts).
import type { NoticeEvidenceInput, NoticeState } from '../../contracts/index.js';
import { cachedPrepare, type Db, type Prepare } from '../../db/index.js';

export interface NoticeRecord {
  id: string;
  number: string;
  /** The branch that issued it (the enterprise's branch then; it keeps the number if the enterprise moves). */
  orgUnitId: string;
  enterpriseId: string;
  year: number;
  seq: number;
  finding: string;
  rule: string;
  deadline: number;
  state: NoticeState;
  internalNote: string | null;
  issuedBy: string | null;
  issuedByName: string | null;
  issuedAt: number;
  readAt: number | null;
  answeredAt: number | null;
  closedAt: number | null;
  overdueFlaggedAt: number | null;
  parentId: string | null;
}

export interface EvidenceRecord {
  kind: 'snapshot' | 'interval' | 'patrol_item';
  snapshotId: string | null;
  cameraId: string | null;
  fromMs: number | null;
  toMs: number | null;
  recordId: string | null;
  itemKey: string | null;
  text: string | null;
}

export interface StepRecord {
  id: number;
  action: string;
  from: NoticeState | null;
  to: NoticeState;
  userId: string | null;
  username: string | null;
  at: number;
  note: string | null;
  verdict: string | null;
  snapshotId: string | null;
}

export interface PhotoRecord {
  id: string;
  noticeId: string;
  stepId: number;
  path: string;
  sha256: string;
  bytes: number;
  mime: string;
}

/** Who takes a step. */
export interface NoticeActorRef {
  userId: string | null;
  username: string | null;
}

export type NewStep = Omit<StepRecord, 'id' | 'userId' | 'username'> & { by: NoticeActorRef };

const COLUMNS: ReadonlyArray<readonly [keyof NoticeRecord, string]> = [
  ['id', 'id'],
  ['number', 'number'],
  ['orgUnitId', 'org_unit_id'],
  ['enterpriseId', 'enterprise_id'],
  ['year', 'year'],
  ['seq', 'seq'],
  ['finding', 'finding'],
  ['rule', 'rule'],
  ['deadline', 'deadline'],
  ['state', 'state'],
  ['internalNote', 'internal_note'],
  ['issuedBy', 'issued_by'],
  ['issuedByName', 'issued_by_name'],
  ['issuedAt', 'issued_at'],
  ['readAt', 'read_at'],
  ['answeredAt', 'answered_at'],
  ['closedAt', 'closed_at'],
  ['overdueFlaggedAt', 'overdue_flagged_at'],
  ['parentId', 'parent_id'],
];
const SELECT = `SELECT ${COLUMNS.map(([key, column]) => `${column} AS ${key}`).join(', ')} FROM notices`;

export class NoticeStore {
  readonly sql: Prepare;

  constructor(readonly db: Db) {
    this.sql = cachedPrepare(db);
  }

  /** Runs `work` in one write transaction, taken at once (BEGIN IMMEDIATE), so other connections wait their turn. */
  write<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  insert(notice: NoticeRecord, evidence: readonly NoticeEvidenceInput[]): void {
    this.sql(
      `INSERT INTO notices (${COLUMNS.map(([, column]) => column).join(', ')})
      VALUES (${COLUMNS.map(() => '?').join(', ')})`,
    ).run(...COLUMNS.map(([key]) => notice[key]));
    evidence.forEach((item, position) => {
      this.sql(
        `INSERT INTO notice_evidence (notice_id, position, kind, snapshot_id, camera_id, from_ms, to_ms, record_id,
           item_key, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        notice.id,
        position,
        item.kind,
        item.kind === 'snapshot' ? item.snapshotId : null,
        item.kind === 'interval' ? item.cameraId : null,
        item.kind === 'interval' ? item.fromMs : null,
        item.kind === 'interval' ? item.toMs : null,
        item.kind === 'patrol_item' ? item.recordId : null,
        item.kind === 'patrol_item' ? item.itemKey : null,
        item.kind === 'patrol_item' ? (item.text ?? '') : null,
      );
    });
  }

  get(id: string): NoticeRecord | undefined {
    return this.sql(`${SELECT} WHERE id = ?`).get(id) as NoticeRecord | undefined;
  }

  /** Newest first; the caller filters by scope. */
  list(filter: { state?: NoticeState | undefined; enterpriseId?: string | undefined }): NoticeRecord[] {
    return this.sql(
      `${SELECT} WHERE (@state IS NULL OR state = @state) AND (@enterpriseId IS NULL OR enterprise_id = @enterpriseId)
       ORDER BY issued_at DESC, seq DESC`,
    ).all({ state: filter.state ?? null, enterpriseId: filter.enterpriseId ?? null }) as NoticeRecord[];
  }

  /** Notices still open whose deadline has passed. */
  pastDeadline(now: number, finalStates: readonly NoticeState[]): NoticeRecord[] {
    const placeholders = finalStates.map(() => '?').join(', ');
    return this.sql(`${SELECT} WHERE deadline < ? AND state NOT IN (${placeholders}) ORDER BY deadline`).all(
      now,
      ...finalStates,
    ) as NoticeRecord[];
  }

  childOf(id: string): string | null {
    const row = this.sql('SELECT id FROM notices WHERE parent_id = ? LIMIT 1').get(id) as { id: string } | undefined;
    return row?.id ?? null;
  }

  /** Moves the notice on only if it is still in `from` (a concurrent step that came first wins); false otherwise. */
  move(
    id: string,
    from: NoticeState,
    to: NoticeState,
    stamps: Partial<Record<'read_at' | 'answered_at' | 'closed_at', number>>,
  ): boolean {
    const sets = Object.keys(stamps).map((column) => `${column} = ?`);
    const changed = this.sql(`UPDATE notices SET ${['state = ?', ...sets].join(', ')} WHERE id = ? AND state = ?`).run(
      to,
      ...Object.values(stamps),
      id,
      from,
    ).changes;
    return changed === 1;
  }

  flagOverdue(id: string, at: number): void {
    this.sql('UPDATE notices SET overdue_flagged_at = ? WHERE id = ?').run(at, id);
  }

  addStep(noticeId: string, step: NewStep): number {
    const result = this.sql(
      `INSERT INTO notice_steps (notice_id, action, from_state, to_state, user_id, username, at, note, verdict,
         snapshot_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      noticeId,
      step.action,
      step.from,
      step.to,
      step.by.userId,
      step.by.username,
      step.at,
      step.note,
      step.verdict,
      step.snapshotId,
    );
    return Number(result.lastInsertRowid);
  }

  steps(noticeId: string): StepRecord[] {
    return this.sql(
      `SELECT id, action, from_state AS "from", to_state AS "to", user_id AS userId, username, at, note, verdict,
         snapshot_id AS snapshotId FROM notice_steps WHERE notice_id = ? ORDER BY id`,
    ).all(noticeId) as StepRecord[];
  }

  evidence(noticeId: string): EvidenceRecord[] {
    return this.sql(
      `SELECT kind, snapshot_id AS snapshotId, camera_id AS cameraId, from_ms AS fromMs, to_ms AS toMs,
         record_id AS recordId, item_key AS itemKey, text FROM notice_evidence WHERE notice_id = ? ORDER BY position`,
    ).all(noticeId) as EvidenceRecord[];
  }

  addPhoto(photo: PhotoRecord, by: NoticeActorRef, at: number): void {
    this.sql(
      `INSERT INTO notice_photos (id, notice_id, step_id, path, sha256, bytes, mime, uploaded_by, uploaded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(photo.id, photo.noticeId, photo.stepId, photo.path, photo.sha256, photo.bytes, photo.mime, by.username, at);
  }

  photos(noticeId: string): PhotoRecord[] {
    return this.sql(
      `SELECT id, notice_id AS noticeId, step_id AS stepId, path, sha256, bytes, mime FROM notice_photos
       WHERE notice_id = ? ORDER BY rowid`,
    ).all(noticeId) as PhotoRecord[];
  }

  photo(noticeId: string, photoId: string): PhotoRecord | undefined {
    return this.photos(noticeId).find((photo) => photo.id === photoId);
  }

  /** A photo by its id alone (a case names it so), with when it was uploaded. */
  photoById(photoId: string): (PhotoRecord & { uploadedAt: number }) | undefined {
    return this.sql(
      `SELECT id, notice_id AS noticeId, step_id AS stepId, path, sha256, bytes, mime, uploaded_at AS uploadedAt
       FROM notice_photos WHERE id = ?`,
    ).get(photoId) as (PhotoRecord & { uploadedAt: number }) | undefined;
  }
}
