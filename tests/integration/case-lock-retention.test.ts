// The evidence lock against retention: under quota pressure and under free-space pressure a locked case's footage
// stays while the same camera's other footage goes; an admin's release (with a reason, audited) lets it go.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, CaseList } from '../../src/contracts/index.js';
import { startCaseHub, type CaseHub, type RecordedFile } from '../support/case-hub.js';
import { waitUntil } from '../support/processes.js';
import { loggedEvents } from '../support/recordings.js';

const GB = 1e9;
/** How long the locked range reaches into the future from the moment it is locked. */
const LOCK_AHEAD_MS = 9_000;

const overlaps = (file: RecordedFile, fromMs: number, toMs: number): boolean =>
  file.startMs < toMs && file.endMs > fromMs;

function pressure(name: string, limit: 'quota' | 'free-space', start: () => Promise<CaseHub>): void {
  describe(`a locked case under ${name}`, () => {
    let hub: CaseHub;
    let inspector: string;
    let admin: string;
    let detail: CaseDetail;
    let fromMs: number;
    let toMs: number;
    let locked: RecordedFile[];

    beforeAll(async () => {
      hub = await start();
      inspector = await hub.t.login('east-insp');
      admin = await hub.t.login('center-admin');
      // Footage older than the case exists (and retention is already deleting it under the pressure).
      expect(await waitUntil(() => hub.files().some((f) => f.state === 'closed'), 30_000, 200)).toBe(true);
      fromMs = Date.now();
      toMs = fromMs + LOCK_AHEAD_MS;
      detail = await hub.caseWithClip(inspector, fromMs, toMs);
      detail = await hub.call<CaseDetail>('POST', `/api/cases/${detail.id}/lock`, inspector, undefined, 200);
      expect(detail.state).toBe('locked');
    });

    afterAll(async () => {
      await hub?.stop();
    });

    it('keeps every file of the locked range while older and newer footage of the camera is deleted', async () => {
      const rangeClosed = () => hub.files().some((f) => f.state === 'closed' && f.startMs >= toMs);
      expect(await waitUntil(rangeClosed, 30_000, 200)).toBe(true);
      locked = hub.files().filter((f) => overlaps(f, fromMs, toMs));
      // A sweep after the range: footage recorded after it is deleted too, while the range stays.
      const deletedAfter = () =>
        loggedEvents(hub.t.dataDir, 'recording.deleted').some((e) => Number(e.data.newestEndMs) > toMs);
      expect(await waitUntil(deletedAfter, 30_000, 200)).toBe(true);

      const now = hub.files();
      expect(now.filter((f) => overlaps(f, fromMs, toMs)).map((f) => f.id)).toEqual(locked.map((f) => f.id));
      for (const file of locked) expect(existsSync(join(hub.t.dataDir, file.path))).toBe(true);
      expect(locked[0]?.startMs).toBeLessThanOrEqual(fromMs);
      expect(locked.at(-1)?.endMs).toBeGreaterThanOrEqual(toMs);
      // Nothing older than the range is left: the pressure took it.
      expect(now.filter((f) => f.endMs <= fromMs)).toEqual([]);
      const deletions = loggedEvents(hub.t.dataDir, 'recording.deleted');
      expect(deletions.some((e) => Number(e.data.oldestStartMs) < fromMs)).toBe(true);
      const reason = limit === 'quota' ? 'quota' : 'free-space';
      expect(deletions.some((e) => Number((e.data.byReason as Record<string, number>)[reason]) > 0)).toBe(true);
    });

    it('shows and counts the space locked: the case, the list, /metrics and the over-limit warning', async () => {
      const bytes = locked.reduce((sum, file) => sum + file.bytes, 0);
      const view = await hub.call<CaseDetail>('GET', `/api/cases/${detail.id}`, inspector, undefined, 200);
      expect(view.lockedBytes).toBe(bytes);
      expect(view.lockedFiles).toBe(locked.length);
      expect(view.items[0]).toMatchObject({ kind: 'clip', cameraName: '东企业加工区', bytes, files: locked.length });
      const list = await hub.call<CaseList>('GET', '/api/cases', inspector, undefined, 200);
      expect(list.lockedBytes).toBe(bytes);
      const metrics = await (await hub.t.get('/metrics')).text();
      expect(metrics).toContain(`vigil_evidence_locked_bytes ${bytes}`);
      expect(metrics).toContain(`vigil_evidence_locked_case_bytes{case="${detail.id}"} ${bytes}`);
      const held = () =>
        loggedEvents(hub.t.dataDir, 'recording.locked_over_quota').find(
          (e) => e.data.limit === limit && Number(e.data.lockedBytes) === bytes,
        );
      expect(await waitUntil(() => held() !== undefined, 15_000, 200)).toBe(true);
      expect(held()?.data).toMatchObject({ lockedFiles: locked.length });
    });

    it('refuses a release by an inspector, and a release without a reason', async () => {
      const path = `/api/cases/${detail.id}/release`;
      const refused = await hub.call<{ error: { details: { reason: string } } }>(
        'POST',
        path,
        inspector,
        { reason: '复核完毕' },
        403,
      );
      expect(refused.error.details.reason).toBe('role_may_not');
      await hub.call('POST', path, admin, {}, 400);
      expect(locked.every((file) => existsSync(join(hub.t.dataDir, file.path)))).toBe(true);
    });

    it('lets the footage go after an admin releases it with a reason, and audits who and why', async () => {
      const released = await hub.call<CaseDetail>(
        'POST',
        `/api/cases/${detail.id}/release`,
        admin,
        { reason: '案件已结，证据已移交' },
        200,
      );
      expect(released).toMatchObject({ state: 'released', releasedBy: 'center-admin', lockedBytes: 0 });
      const audits = loggedEvents(hub.t.dataDir, 'audit.case.released');
      expect(audits).toHaveLength(1);
      expect(audits[0]?.data).toMatchObject({
        reason: '案件已结，证据已移交',
        username: 'center-admin',
        caseId: detail.id,
      });
      expect(audits[0]?.userId).toBeTruthy();
      const gone = () => !hub.files().some((f) => locked.some((l) => l.id === f.id));
      expect(await waitUntil(gone, 20_000, 200)).toBe(true);
      for (const file of locked) expect(existsSync(join(hub.t.dataDir, file.path))).toBe(false);
    });
  });
}

// The quota is far below what the locked range takes: every sweep deletes all the unlocked footage.
pressure('quota pressure', 'quota', () =>
  startCaseHub({
    recording: { quotaGb: 0.1e6 / GB, minFreeGb: 0, minFreePercent: 0, retentionSweepSeconds: 5 },
  }),
);

// The volume stays below its floor whatever is deleted (an injected statfs): only locked footage may stay.
pressure('free-space pressure', 'free-space', () =>
  startCaseHub(
    { recording: { minFreeGb: 1, minFreePercent: 0, retentionSweepSeconds: 5 } },
    { statfs: async () => ({ totalBytes: 1000 * GB, freeBytes: 0.5 * GB }) },
  ),
);
