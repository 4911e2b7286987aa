// A notice as the API shows it: to the agency in full, to its enterprise without what the agency keeps to itself
// (the internal note; the credit grade is never part of a notice).
import {
  noticeActionsFor,
  type NoticeEvidence,
  type NoticeSummaryItem,
  type NoticeView,
} from '../../contracts/index.js';
import type { NoticeLookups } from './notice-service.js';
import { isOverdue } from './notice-service.js';
import type { EvidenceRecord, NoticeRecord, NoticeStore } from './notice-store.js';

const iso = (at: number | null): string | null => (at === null ? null : new Date(at).toISOString());

export function noticeSummary(notice: NoticeRecord, lookups: NoticeLookups, now: number): NoticeSummaryItem {
  return {
    id: notice.id,
    number: notice.number,
    enterpriseId: notice.enterpriseId,
    enterpriseName: lookups.enterprise(notice.enterpriseId)?.name ?? notice.enterpriseId,
    orgUnitId: notice.orgUnitId,
    finding: notice.finding,
    deadline: new Date(notice.deadline).toISOString(),
    state: notice.state,
    overdue: isOverdue(notice, now),
    issuedAt: new Date(notice.issuedAt).toISOString(),
  };
}

function evidenceView(item: EvidenceRecord, lookups: NoticeLookups): NoticeEvidence {
  const snapshot = item.snapshotId ? lookups.snapshot(item.snapshotId) : undefined;
  const cameraId = item.cameraId ?? snapshot?.cameraId ?? null;
  return {
    kind: item.kind,
    snapshotId: item.snapshotId,
    sha256: snapshot?.sha256 ?? null,
    frameAt: snapshot?.frameAt ?? null,
    url: snapshot?.url ?? null,
    cameraId,
    cameraName: cameraId ? (lookups.camera(cameraId)?.name ?? null) : null,
    from: iso(item.fromMs),
    to: iso(item.toMs),
    recordId: item.recordId,
    itemKey: item.itemKey,
    text: item.text,
  };
}

export interface ViewerOf {
  role: string;
  /** An enterprise account: the agency's own notes are left out. */
  enterprise: boolean;
}

export function noticeView(
  notice: NoticeRecord,
  store: NoticeStore,
  lookups: NoticeLookups,
  viewer: ViewerOf,
  now: number,
): NoticeView {
  const base = `/api/notices/${notice.id}`;
  return {
    ...noticeSummary(notice, lookups, now),
    rule: notice.rule,
    branchName: lookups.unitName(notice.orgUnitId) ?? notice.orgUnitId,
    issuedBy: notice.issuedByName,
    readAt: iso(notice.readAt),
    answeredAt: iso(notice.answeredAt),
    closedAt: iso(notice.closedAt),
    parentId: notice.parentId,
    childId: store.childOf(notice.id),
    ...(viewer.enterprise ? {} : { internalNote: notice.internalNote }),
    evidence: store.evidence(notice.id).map((item) => evidenceView(item, lookups)),
    steps: store.steps(notice.id).map((step) => ({
      id: step.id,
      action: step.action,
      from: step.from,
      to: step.to,
      by: step.username,
      at: new Date(step.at).toISOString(),
      note: step.note,
      verdict: step.verdict,
    })),
    photos: store.photos(notice.id).map((photo) => ({
      id: photo.id,
      stepId: photo.stepId,
      mime: photo.mime,
      bytes: photo.bytes,
      sha256: photo.sha256,
      url: `${base}/photos/${photo.id}`,
    })),
    actions: noticeActionsFor(notice.state, viewer.role),
    pdfUrl: `${base}/pdf`,
  };
}
