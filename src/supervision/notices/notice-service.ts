// Rectification notices: issue, read, answer, re-inspect, close, re-issue and escalate, each step checked against the
// state machine of the contracts, recorded in the notice's history, and told to those who follow notices.
import { unlinkSync } from 'node:fs';
import {
  FINAL_NOTICE_STATES,
  NOTICE_TRANSITIONS,
  NoticeIssueInput,
  type EvidenceSnapshot,
  type NoticeAction,
  type NoticeReinspectInput,
  type NoticeReissueInput,
} from '../../contracts/index.js';
import type { Db } from '../../db/index.js';
import { VigilError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { evidencePath, resolveEvidence, writeEvidence } from '../evidence-files.js';
import { formatNoticeNumber, takeNoticeSeq } from './numbering.js';
import { NoticeStore, type NoticeActorRef, type NoticeRecord } from './notice-store.js';
import { checkPhoto, PHOTO_EXTENSIONS, type UploadedPhoto } from './photos.js';

/** What notices read of the org tree, the evidence snapshots and the cameras (narrow, so tests pass plain objects). */
export interface NoticeLookups {
  enterprise(id: string): { id: string; name: string; orgUnitId: string } | undefined;
  unitName(id: string): string | undefined;
  snapshot(id: string): EvidenceSnapshot | undefined;
  camera(id: string): { id: string; name: string; enterpriseId: string } | undefined;
}

export interface NoticeServiceDeps {
  db: Db;
  dataDir: string;
  lookups: NoticeLookups;
  /** The clock (tests move it to make notices overdue). */
  now?: () => number;
}

export type NoticeListener = (notice: NoticeRecord, overdue: boolean) => void;

export const isOverdue = (notice: Pick<NoticeRecord, 'state' | 'deadline'>, now: number): boolean =>
  !FINAL_NOTICE_STATES.includes(notice.state) && notice.deadline < now;

const stateConflict = (notice: NoticeRecord, action: NoticeAction): VigilError =>
  new VigilError('VIGIL_CONFLICT', `A notice in the state "${notice.state}" cannot be given the step "${action}"`, {
    details: { reason: 'notice_state', state: notice.state, action },
  });

export class NoticeService {
  readonly store: NoticeStore;
  readonly now: () => number;
  readonly lookups: NoticeLookups;
  readonly dataDir: string;
  private readonly listeners = new Set<NoticeListener>();

  constructor(private readonly deps: NoticeServiceDeps) {
    this.store = new NoticeStore(deps.db);
    this.now = deps.now ?? Date.now;
    this.lookups = deps.lookups;
    this.dataDir = deps.dataDir;
  }

  /** Follows every change of any notice (the realtime rooms, the console badge). */
  onChanged(listener: NoticeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(notice: NoticeRecord): void {
    const overdue = isOverdue(notice, this.now());
    for (const listener of this.listeners) listener(notice, overdue);
  }

  get(id: string): NoticeRecord | undefined {
    return this.store.get(id);
  }

  /** Issues a notice numbered in the enterprise's branch and the year of issue. */
  issue(raw: unknown, by: NoticeActorRef, parentId: string | null = null): NoticeRecord {
    const input = NoticeIssueInput.parse(raw);
    const enterprise = this.deps.lookups.enterprise(input.enterpriseId);
    if (!enterprise) throw new VigilError('VIGIL_NOT_FOUND', 'No such enterprise');
    input.evidence.forEach((item) => {
      if (item.kind === 'snapshot') this.ownSnapshot(item.snapshotId, enterprise.id);
      if (item.kind === 'interval') this.ownCamera(item.cameraId, enterprise.id);
    });
    const now = this.now();
    const year = new Date(now).getFullYear();
    const branchName = this.deps.lookups.unitName(enterprise.orgUnitId) ?? enterprise.orgUnitId;
    const notice = this.store.write(() => {
      const seq = takeNoticeSeq(this.store.sql, enterprise.orgUnitId, year);
      const record: NoticeRecord = {
        id: newId('ntc'),
        number: formatNoticeNumber(branchName, year, seq),
        orgUnitId: enterprise.orgUnitId,
        enterpriseId: enterprise.id,
        year,
        seq,
        finding: input.finding,
        rule: input.rule,
        deadline: input.deadline,
        state: 'issued',
        internalNote: input.internalNote || null,
        issuedBy: by.userId,
        issuedByName: by.username,
        issuedAt: now,
        readAt: null,
        answeredAt: null,
        closedAt: null,
        overdueFlaggedAt: null,
        parentId,
      };
      this.store.insert(record, input.evidence);
      this.store.addStep(record.id, {
        action: 'issue',
        from: null,
        to: 'issued',
        by,
        at: now,
        note: null,
        verdict: null,
        snapshotId: null,
      });
      return record;
    });
    this.changed(notice);
    return notice;
  }

  /** The enterprise opened the notice: `read`, once (later openings change nothing). */
  markRead(notice: NoticeRecord, by: NoticeActorRef): NoticeRecord {
    if (notice.state !== 'issued') return notice;
    return this.step(notice, 'read', by, { stamps: { read_at: this.now() } });
  }

  /**
   * The enterprise's answer: text and 0–5 photos, checked before anything is written; the files are written, then
   * the rows in one transaction, and the files are removed again if that fails (nothing partial is kept).
   */
  answer(notice: NoticeRecord, text: string, photos: readonly UploadedPhoto[], by: NoticeActorRef): NoticeRecord {
    this.allowed(notice, 'answer');
    const checked = photos.map((photo) => ({ photo, mime: checkPhoto(photo) }));
    const now = this.now();
    const files = checked.map(({ photo, mime }) => {
      const id = newId('pho');
      const path = evidencePath('photos', now, `${id}.${PHOTO_EXTENSIONS[mime]}`);
      return { id, path, mime, ...writeEvidence(this.deps.dataDir, path, photo.bytes) };
    });
    try {
      return this.step(notice, 'answer', by, {
        note: text,
        stamps: { answered_at: now, ...(notice.readAt ? {} : { read_at: now }) },
        inside: (stepId) => {
          for (const file of files) this.store.addPhoto({ ...file, noticeId: notice.id, stepId }, by, now);
        },
      });
    } catch (error) {
      for (const file of files) unlinkSync(resolveEvidence(this.deps.dataDir, file.path));
      throw error;
    }
  }

  reinspect(notice: NoticeRecord, input: NoticeReinspectInput, by: NoticeActorRef): NoticeRecord {
    if (input.snapshotId) this.ownSnapshot(input.snapshotId, notice.enterpriseId);
    return this.step(notice, 'reinspect', by, {
      note: input.note,
      verdict: input.verdict,
      snapshotId: input.snapshotId ?? null,
    });
  }

  /** Closes a notice whose re-inspection found it rectified. */
  close(notice: NoticeRecord, note: string | undefined, by: NoticeActorRef): NoticeRecord {
    this.allowed(notice, 'close');
    if (this.lastVerdict(notice.id) !== 'rectified') {
      throw new VigilError(
        'VIGIL_CONFLICT',
        'The re-inspection found the finding not rectified: re-issue or escalate',
        {
          details: { reason: 'notice_not_rectified' },
        },
      );
    }
    return this.step(notice, 'close', by, { note: note ?? null, stamps: { closed_at: this.now() } });
  }

  /** A new notice (a new number, a new deadline) for the same finding and evidence; the old one is `reissued`. */
  reissue(
    notice: NoticeRecord,
    input: NoticeReissueInput,
    by: NoticeActorRef,
  ): { old: NoticeRecord; next: NoticeRecord } {
    this.allowed(notice, 'reissue');
    const evidence = this.store.evidence(notice.id).map((item) =>
      item.kind === 'snapshot'
        ? { kind: 'snapshot' as const, snapshotId: item.snapshotId ?? '' }
        : item.kind === 'interval'
          ? {
              kind: 'interval' as const,
              cameraId: item.cameraId ?? '',
              fromMs: item.fromMs ?? 0,
              toMs: item.toMs ?? 0,
            }
          : {
              kind: 'patrol_item' as const,
              recordId: item.recordId ?? '',
              itemKey: item.itemKey ?? '',
              text: item.text ?? '',
            },
    );
    // One transaction (the inner ones become savepoints): never a re-issued notice without its successor.
    return this.store.write(() => {
      const old = this.step(notice, 'reissue', by, { note: input.note ?? null });
      const next = this.issue(
        {
          enterpriseId: notice.enterpriseId,
          finding: input.finding ?? notice.finding,
          rule: notice.rule,
          deadline: input.deadline,
          evidence,
          ...(notice.internalNote ? { internalNote: notice.internalNote } : {}),
        },
        by,
        notice.id,
      );
      return { old, next };
    });
  }

  escalate(notice: NoticeRecord, note: string, by: NoticeActorRef): NoticeRecord {
    return this.step(notice, 'escalate', by, { note, stamps: { closed_at: this.now() } });
  }

  /** Refuses a step the state machine does not allow from the notice's state (409, worded by the console). */
  allowed(notice: NoticeRecord, action: NoticeAction): void {
    if (!NOTICE_TRANSITIONS[action].from.includes(notice.state)) throw stateConflict(notice, action);
  }

  private step(
    notice: NoticeRecord,
    action: NoticeAction,
    by: NoticeActorRef,
    more: {
      note?: string | null;
      verdict?: string | null;
      snapshotId?: string | null;
      stamps?: Partial<Record<'read_at' | 'answered_at' | 'closed_at', number>>;
      inside?: (stepId: number) => void;
    },
  ): NoticeRecord {
    this.allowed(notice, action);
    const to = NOTICE_TRANSITIONS[action].to;
    const at = this.now();
    this.store.write(() => {
      // Another step may have come first since the notice was read: then this one is refused as out of date.
      const current = this.store.get(notice.id) ?? notice;
      if (!this.store.move(notice.id, current.state, to, more.stamps ?? {}) || current.state !== notice.state)
        throw stateConflict(current, action);
      const stepId = this.store.addStep(notice.id, {
        action,
        from: notice.state,
        to,
        by,
        at,
        note: more.note ?? null,
        verdict: more.verdict ?? null,
        snapshotId: more.snapshotId ?? null,
      });
      more.inside?.(stepId);
    });
    const moved = this.store.get(notice.id) as NoticeRecord;
    this.changed(moved);
    return moved;
  }

  private lastVerdict(id: string): string | null {
    return this.store.steps(id).findLast((step) => step.action === 'reinspect')?.verdict ?? null;
  }

  private ownSnapshot(snapshotId: string, enterpriseId: string): void {
    if (this.deps.lookups.snapshot(snapshotId)?.enterpriseId !== enterpriseId) {
      throw new VigilError('VIGIL_VALIDATION', `The snapshot ${snapshotId} is not evidence of this enterprise`, {
        details: { reason: 'notice_evidence_enterprise', snapshotId },
      });
    }
  }

  private ownCamera(cameraId: string, enterpriseId: string): void {
    if (this.deps.lookups.camera(cameraId)?.enterpriseId !== enterpriseId) {
      throw new VigilError('VIGIL_VALIDATION', `The camera ${cameraId} is not one of this enterprise's`, {
        details: { reason: 'notice_evidence_enterprise', cameraId },
      });
    }
  }
}
