// Notices and answer photos in a case through CaseMaterialSource (the seam the notices module fills): shown in the
// case view, copied into the export folder, and the notice's history written into report.pdf.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../src/contracts/index.js';
import {
  CaseExportService,
  CaseViews,
  sha256Of,
  type CaseItemRecord,
  type CaseMaterialSource,
  type CaseRecord,
} from '../../src/supervision/index.js';
import { tempDir } from '../support/temp-dir.js';

const run = promisify(execFile);
const dataDir = tempDir('vigil-case-material-');
const AT = Date.UTC(2026, 11, 1, 2, 0, 0);

/** A photo stored where the notices module stores answer photos: under evidence/. */
const photoBytes = Buffer.from('\xff\xd8\xff\xe0 answer photo \xff\xd9', 'latin1');
const photoPath = 'evidence/photos/2026/12/01/pho_answer01.jpg';
mkdirSync(join(dataDir, 'evidence/photos/2026/12/01'), { recursive: true });
writeFileSync(join(dataDir, photoPath), photoBytes);

const material: CaseMaterialSource = {
  notice: (id) =>
    id === 'ntc_0007'
      ? {
          id,
          number: '东港〔2026〕第0007号',
          enterpriseId: 'ent-east',
          state: 'answered',
          history: [
            { at: AT, what: '签发 issued', by: 'east-insp' },
            { at: AT + 3_600_000, what: '已读 read', by: 'east-ent' },
            { at: AT + 86_400_000, what: '已回复 answered', by: 'east-ent' },
          ],
        }
      : undefined,
  photo: (id) =>
    id === 'pho_answer01'
      ? {
          id,
          enterpriseId: 'ent-east',
          path: photoPath,
          sha256: sha256Of(photoBytes),
          bytes: photoBytes.length,
          takenAt: AT + 80_000_000,
        }
      : undefined,
};

const record: CaseRecord = {
  id: 'cas_material01',
  enterpriseId: 'ent-east',
  title: '整改未落实',
  summary: '复查发现原料库温控记录仍缺失。',
  state: 'open',
  createdBy: 'east-insp',
  createdAt: AT,
  lockedAt: null,
  lockedBy: null,
  releasedAt: null,
  releasedBy: null,
  releaseReason: null,
};

const item = (id: string, kind: 'notice' | 'photo', refId: string): CaseItemRecord => ({
  id,
  caseId: record.id,
  kind,
  cameraId: null,
  fromMs: null,
  toMs: null,
  refId,
  note: '',
  addedBy: 'east-insp',
  addedAt: AT,
});

describe('notices and answer photos in a case', () => {
  const views = new CaseViews({
    cameras: { get: () => undefined },
    enterprises: { getEnterprise: () => ({ name: '东企业', orgUnitId: 'east' }) },
    recordings: { files: () => [] },
    snapshots: { get: () => undefined },
    locks: { space: () => ({ files: 0, bytes: 0 }) },
    material,
  });
  const detail: CaseDetail = views.detail(record, [
    item('itm_1', 'notice', 'ntc_0007'),
    item('itm_2', 'photo', 'pho_answer01'),
    item('itm_3', 'notice', 'ntc_gone'),
  ]);

  it('shows the notice by its number and state, the photo with its hash, and a vanished notice as missing', () => {
    expect(detail.items.map((i) => [i.kind, i.label, i.sha256, i.missing])).toEqual([
      ['notice', '东港〔2026〕第0007号 (answered)', null, false],
      ['photo', new Date(AT + 80_000_000).toISOString(), sha256Of(photoBytes), false],
      ['notice', null, null, true],
    ]);
  });

  it('exports the photo and writes the notice history into the report', async () => {
    const exports = new CaseExportService({
      dataDir,
      ffmpegPath: 'ffmpeg',
      recordings: { files: () => [] },
      snapshots: { fileOf: () => undefined },
      material,
    });
    const made = exports.request(detail, 'east-insp');
    const job = await new Promise<{ state: string; files: Array<{ path: string; sha256: string }> }>((resolve) =>
      exports.once('finished', resolve),
    );
    expect(job.state).toBe('done');
    expect(job.files.map((f) => f.path)).toEqual(['photos/pho_answer01.jpg', 'report.pdf']);
    expect(job.files[0]?.sha256).toBe(sha256Of(photoBytes));
    const folder = join(dataDir, 'evidence', 'cases', record.id, made.id);
    await run('sha256sum', ['-c', 'manifest.sha256'], { cwd: folder });
    const { stdout } = await run('/usr/bin/pdftotext', ['-enc', 'UTF-8', join(folder, 'report.pdf'), '-']);
    expect(stdout).toContain('东港〔2026〕第0007号');
    expect(stdout).toContain('已回复 answered');
    expect(stdout).toContain('整改通知记录');
    expect(stdout).toContain(sha256Of(photoBytes));
  });

  it('runs one export at a time and refuses more than its queue holds', async () => {
    const exports = new CaseExportService({
      dataDir,
      ffmpegPath: 'ffmpeg',
      recordings: { files: () => [] },
      snapshots: { fileOf: () => undefined },
      material,
      maxQueued: 1,
    });
    let finished = 0;
    exports.on('finished', () => (finished += 1));
    const first = exports.request(detail, 'east-insp');
    const second = exports.request(detail, 'east-insp');
    expect(second.state).toBe('queued');
    expect(() => exports.request(detail, 'east-insp')).toThrow(/waiting already/);
    await new Promise<void>((resolve) => exports.on('finished', () => finished === 2 && resolve()));
    expect((await exports.get(record.id, first.id))?.state).toBe('done');
    expect((await exports.get(record.id, second.id))?.state).toBe('done');
  });
});
