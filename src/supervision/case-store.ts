// Evidence cases in SQLite: a case about one enterprise, its items, and the lock that copies its clips' ranges into
// evidence_locks (held against retention) until an admin releases it with a reason.
import type { CaseItemInput, CaseState } from '../contracts/index.js';
import { cachedPrepare, type Db, type Prepare } from '../db/index.js';
import type { LockedRange } from '../recording/index.js';
import { VigilError } from '../shared/errors.js';
import { newId } from '../shared/ids.js';

/** Where locked ranges go (EvidenceLocks): retention reads them. */
export interface FootageLocks {
  lock(caseId: string, ranges: readonly LockedRange[]): void;
  release(caseId: string): void;
}

export interface CaseRecord {
  id: string;
  enterpriseId: string;
  title: string;
  summary: string;
  state: CaseState;
  createdBy: string | null;
  createdAt: number;
  lockedAt: number | null;
  lockedBy: string | null;
  releasedAt: number | null;
  releasedBy: string | null;
  releaseReason: string | null;
}

export interface CaseItemRecord {
  id: string;
  caseId: string;
  kind: CaseItemInput['kind'];
  cameraId: string | null;
  fromMs: number | null;
  toMs: number | null;
  refId: string | null;
  note: string;
  addedBy: string | null;
  addedAt: number;
}

const CASE_COLUMNS = `id, enterprise_id AS enterpriseId, title, summary, state, created_by AS createdBy,
  created_at AS createdAt, locked_at AS lockedAt, locked_by AS lockedBy, released_at AS releasedAt,
  released_by AS releasedBy, release_reason AS releaseReason`;
const ITEM_COLUMNS = `id, case_id AS caseId, kind, camera_id AS cameraId, from_ms AS fromMs, to_ms AS toMs,
  ref_id AS refId, note, added_by AS addedBy, added_at AS addedAt`;

const conflict = (message: string, reason: string): VigilError =>
  new VigilError('VIGIL_CONFLICT', message, { details: { reason } });

export class CaseStore {
  private readonly sql: Prepare;

  constructor(
    private readonly db: Db,
    private readonly locks: FootageLocks,
    private readonly now: () => number = Date.now,
  ) {
    this.sql = cachedPrepare(db);
  }

  create(input: { enterpriseId: string; title: string; summary: string }, by: string): CaseRecord {
    const id = newId('cas');
    this.sql(
      `INSERT INTO cases (id, enterprise_id, title, summary, state, created_by, created_at)
       VALUES (?, ?, ?, ?, 'open', ?, ?)`,
    ).run(id, input.enterpriseId, input.title, input.summary, by, this.now());
    return this.get(id) as CaseRecord;
  }

  get(id: string): CaseRecord | undefined {
    return this.sql(`SELECT ${CASE_COLUMNS} FROM cases WHERE id = ?`).get(id) as CaseRecord | undefined;
  }

  /** Every case, newest first (the API keeps those in the caller's scope). */
  list(): CaseRecord[] {
    return this.sql(`SELECT ${CASE_COLUMNS} FROM cases ORDER BY created_at DESC, id`).all() as CaseRecord[];
  }

  items(caseId: string): CaseItemRecord[] {
    return this.sql(`SELECT ${ITEM_COLUMNS} FROM case_items WHERE case_id = ? ORDER BY added_at, id`).all(
      caseId,
    ) as CaseItemRecord[];
  }

  itemCount(caseId: string): number {
    return (this.sql('SELECT COUNT(*) AS n FROM case_items WHERE case_id = ?').get(caseId) as { n: number }).n;
  }

  /** Adds an item (checked by the caller: same enterprise, in scope); a clip added to a locked case is locked too. */
  addItem(caseId: string, input: CaseItemInput, by: string): CaseItemRecord {
    const record = this.openFor(caseId, 'add items to');
    const id = newId('itm');
    const clip = input.kind === 'clip' ? input : undefined;
    const refId =
      input.kind === 'snapshot'
        ? input.snapshotId
        : input.kind === 'notice'
          ? input.noticeId
          : input.kind === 'photo'
            ? input.photoId
            : null;
    this.db.transaction(() => {
      this.sql(
        `INSERT INTO case_items (id, case_id, kind, camera_id, from_ms, to_ms, ref_id, note, added_by, added_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        caseId,
        input.kind,
        clip?.cameraId ?? null,
        clip?.fromMs ?? null,
        clip?.toMs ?? null,
        refId,
        input.note ?? '',
        by,
        this.now(),
      );
      if (record.state === 'locked') this.locks.lock(caseId, this.ranges(caseId));
    })();
    return this.items(caseId).find((item) => item.id === id) as CaseItemRecord;
  }

  /** Removes an item; never from a locked case (its footage is held as evidence). */
  removeItem(caseId: string, itemId: string): CaseItemRecord {
    const record = this.openFor(caseId, 'remove items from');
    if (record.state === 'locked') throw conflict('A locked case keeps its items: release it first', 'case_locked');
    const item = this.items(caseId).find((candidate) => candidate.id === itemId);
    if (!item) throw new VigilError('VIGIL_NOT_FOUND', 'No such item in this case');
    this.sql('DELETE FROM case_items WHERE id = ?').run(itemId);
    return item;
  }

  /** Locks the case: its clips' ranges are held against retention from the next sweep on. */
  lock(caseId: string, by: string): CaseRecord {
    const record = this.openFor(caseId, 'lock');
    if (record.state === 'locked') throw conflict('The case is locked already', 'case_locked');
    this.db.transaction(() => {
      this.sql(`UPDATE cases SET state = 'locked', locked_at = ?, locked_by = ? WHERE id = ?`).run(
        this.now(),
        by,
        caseId,
      );
      this.locks.lock(caseId, this.ranges(caseId));
    })();
    return this.get(caseId) as CaseRecord;
  }

  /** Lets the case's footage go (admins, with a reason the audit log keeps). */
  release(caseId: string, by: string, reason: string): CaseRecord {
    const record = this.get(caseId);
    if (record?.state !== 'locked') throw conflict('Only a locked case can be released', 'case_not_locked');
    this.db.transaction(() => {
      this.sql(
        `UPDATE cases SET state = 'released', released_at = ?, released_by = ?, release_reason = ? WHERE id = ?`,
      ).run(this.now(), by, reason, caseId);
      this.locks.release(caseId);
    })();
    return this.get(caseId) as CaseRecord;
  }

  private openFor(caseId: string, action: string): CaseRecord {
    const record = this.get(caseId);
    if (!record) throw new VigilError('VIGIL_NOT_FOUND', 'No such case');
    if (record.state === 'closed') throw conflict(`A closed case cannot ${action}`, 'case_closed');
    return record;
  }

  private ranges(caseId: string): LockedRange[] {
    return this.items(caseId).flatMap((item) =>
      item.kind === 'clip' && item.cameraId && item.fromMs !== null && item.toMs !== null
        ? [{ itemId: item.id, cameraId: item.cameraId, fromMs: item.fromMs, toMs: item.toMs }]
        : [],
    );
  }
}
