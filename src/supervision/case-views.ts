// What the API shows of a case: its items with camera names, recorded sizes and hashes, and the space its lock holds.
import type { CaseDetail, CaseItem, CaseSummary, EvidenceSnapshot } from '../contracts/index.js';
import type { LockedSpace } from '../recording/index.js';
import type { CaseItemRecord, CaseRecord } from './case-store.js';

/** A rectification notice as a case shows it (from the notices store, wired at merge time). */
export interface CaseNotice {
  id: string;
  /** 东港〔2026〕第0007号 */
  number: string;
  enterpriseId: string;
  state: string;
  history: ReadonlyArray<{ at: number; what: string; by: string | null }>;
}

/** An answer photo as a case shows and exports it; `path` is relative to the data dir, under evidence/. */
export interface CasePhoto {
  id: string;
  enterpriseId: string;
  path: string;
  sha256: string;
  bytes: number;
  takenAt: number;
}

/** Notices and their answer photos, named by id only: the notices module provides it. */
export interface CaseMaterialSource {
  notice(id: string): CaseNotice | undefined;
  photo(id: string): CasePhoto | undefined;
}

export interface CaseViewDeps {
  cameras: { get(id: string): { name: string; enterpriseId: string } | undefined };
  enterprises: { getEnterprise(id: string): { name: string; orgUnitId: string } | undefined };
  recordings: { files(cameraId: string, fromMs: number, toMs: number): ReadonlyArray<{ bytes: number }> };
  snapshots: { get(id: string): EvidenceSnapshot | undefined };
  locks: { space(caseId: string): LockedSpace };
  material?: CaseMaterialSource | undefined;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export class CaseViews {
  constructor(private readonly deps: CaseViewDeps) {}

  /** The case's owner for scope checks: its enterprise in whichever branch supervises it now. */
  ownerOf(record: CaseRecord): { orgUnitId: string; enterpriseId: string } | undefined {
    const enterprise = this.deps.enterprises.getEnterprise(record.enterpriseId);
    return enterprise && { orgUnitId: enterprise.orgUnitId, enterpriseId: record.enterpriseId };
  }

  summary(record: CaseRecord, itemCount: number): CaseSummary {
    const enterprise = this.deps.enterprises.getEnterprise(record.enterpriseId);
    const held = record.state === 'locked' ? this.deps.locks.space(record.id) : { files: 0, bytes: 0 };
    return {
      id: record.id,
      enterpriseId: record.enterpriseId,
      enterpriseName: enterprise?.name ?? record.enterpriseId,
      orgUnitId: enterprise?.orgUnitId ?? '',
      title: record.title,
      summary: record.summary,
      state: record.state,
      createdBy: record.createdBy,
      createdAt: new Date(record.createdAt).toISOString(),
      lockedAt: iso(record.lockedAt),
      lockedBy: record.lockedBy,
      releasedAt: iso(record.releasedAt),
      releasedBy: record.releasedBy,
      releaseReason: record.releaseReason,
      itemCount,
      lockedBytes: held.bytes,
      lockedFiles: held.files,
    };
  }

  detail(record: CaseRecord, items: readonly CaseItemRecord[]): CaseDetail {
    return { ...this.summary(record, items.length), items: items.map((item) => this.item(item)) };
  }

  item(item: CaseItemRecord): CaseItem {
    const base = {
      id: item.id,
      kind: item.kind,
      note: item.note,
      addedAt: new Date(item.addedAt).toISOString(),
      addedBy: item.addedBy,
      cameraId: item.cameraId,
      cameraName: null,
      fromMs: item.fromMs,
      toMs: item.toMs,
      refId: item.refId,
      label: null,
      sha256: null,
      bytes: null,
      files: null,
      missing: false,
    };
    const { cameras, recordings, snapshots, material } = this.deps;
    if (item.kind === 'clip' && item.cameraId && item.fromMs !== null && item.toMs !== null) {
      const files = recordings.files(item.cameraId, item.fromMs, item.toMs);
      const bytes = files.reduce((sum, file) => sum + file.bytes, 0);
      const cameraName = cameras.get(item.cameraId)?.name ?? null;
      return { ...base, cameraName, bytes, files: files.length, missing: files.length === 0 };
    }
    const refId = item.refId ?? '';
    if (item.kind === 'snapshot') {
      const snapshot = snapshots.get(refId);
      if (!snapshot) return { ...base, missing: true };
      const cameraName = cameras.get(snapshot.cameraId)?.name ?? null;
      const { sha256, bytes, frameAt: label, cameraId } = snapshot;
      return { ...base, cameraId, cameraName, label, sha256, bytes };
    }
    if (item.kind === 'notice') {
      const notice = material?.notice(refId);
      return notice ? { ...base, label: `${notice.number} (${notice.state})` } : { ...base, missing: true };
    }
    const photo = material?.photo(refId);
    return photo
      ? { ...base, sha256: photo.sha256, bytes: photo.bytes, label: new Date(photo.takenAt).toISOString() }
      : { ...base, missing: true };
  }
}
