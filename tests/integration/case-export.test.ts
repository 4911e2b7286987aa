// A case's export folder: the clip cut from the recordings (it decodes, as long as its range), the snapshot, a
// manifest that `sha256sum -c` verifies, a report.pdf with the enterprise, 案件 and every hash; and the same as a tar.
import { issueNotice } from '../support/notice-fixtures.js';
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, CaseExportJob, EvidenceSnapshot } from '../../src/contracts/index.js';
import { CASE_CAMERA, startCaseHub, type CaseHub } from '../support/case-hub.js';
import { waitUntil } from '../support/processes.js';
import { loggedEvents } from '../support/recordings.js';
import { tempDir } from '../support/temp-dir.js';

const run = promisify(execFile);

describe('case export', () => {
  let hub: CaseHub;
  let inspector: string;
  let detail: CaseDetail;
  let snapshot: EvidenceSnapshot;
  let job: CaseExportJob;
  let folder: string;
  let fromMs: number;
  let toMs: number;
  let exportMs: number;

  beforeAll(async () => {
    hub = await startCaseHub({ recording: { minFreeGb: 0, minFreePercent: 0 } });
    inspector = await hub.t.login('east-insp');
    const closed = () => hub.files().filter((f) => f.state === 'closed');
    expect(await waitUntil(() => closed().length >= 4, 40_000, 200)).toBe(true);
    const files = closed();
    fromMs = (files[1]?.startMs ?? 0) + 300;
    toMs = (files[3]?.endMs ?? 0) - 300;
    snapshot = await hub.call<EvidenceSnapshot>(
      'POST',
      `/api/cameras/${CASE_CAMERA}/evidence-snapshots`,
      inspector,
      undefined,
      201,
    );
    detail = await hub.caseWithClip(inspector, fromMs, toMs);
    await hub.call(
      'POST',
      `/api/cases/${detail.id}/items`,
      inspector,
      { kind: 'snapshot', snapshotId: snapshot.id },
      201,
    );
    const started = Date.now();
    const made = await hub.call<CaseExportJob>('POST', `/api/cases/${detail.id}/export`, inspector, undefined, 202);
    job = await hub.finished(detail.id, made.id, inspector);
    exportMs = Date.now() - started;
    folder = join(hub.t.dataDir, 'evidence', 'cases', detail.id, job.id);
    console.info(`case export: ${exportMs} ms, ${job.bytes} bytes in ${job.files.length} files`);
  });

  afterAll(async () => {
    await hub?.stop();
  });

  it('makes one folder: clips, snapshots, report.pdf and manifest.sha256', () => {
    expect(job.state, job.error ?? '').toBe('done');
    expect(readdirSync(folder).sort()).toEqual(['clips', 'manifest.sha256', 'photos', 'report.pdf', 'snapshots']);
    expect(readdirSync(join(folder, 'clips'))).toHaveLength(1);
    expect(readdirSync(join(folder, 'snapshots'))).toEqual([`${snapshot.id}.jpg`]);
    expect(job.files.map((file) => file.path)).toContain(`snapshots/${snapshot.id}.jpg`);
    expect(job.files.find((file) => file.path.startsWith('snapshots/'))?.sha256).toBe(snapshot.sha256);
    expect(loggedEvents(hub.t.dataDir, 'audit.case.exported').map((e) => e.data.exportId)).toEqual([job.id]);
  });

  it('cuts a clip that decodes and lasts about its range', async () => {
    const clip = join(folder, 'clips', readdirSync(join(folder, 'clips'))[0] ?? '');
    const { stdout } = await run('ffprobe', [
      ...['-v', 'error', '-count_frames', '-select_streams', 'v:0'],
      ...['-show_entries', 'stream=codec_name,nb_read_frames:format=duration', '-of', 'json', clip],
    ]);
    const probe = JSON.parse(stdout) as { streams: Array<{ nb_read_frames: string }>; format: { duration: string } };
    const seconds = Number(probe.format.duration);
    // -c copy starts at the keyframe before the range (1 s GOP) and ends at the range's end.
    expect(seconds).toBeGreaterThan((toMs - fromMs) / 1000 - 0.5);
    expect(seconds).toBeLessThan((toMs - fromMs) / 1000 + 1.5);
    expect(Number(probe.streams[0]?.nb_read_frames)).toBeGreaterThan(seconds * 20);
  });

  it('has a manifest that sha256sum -c verifies, file by file', async () => {
    const { stdout } = await run('sha256sum', ['-c', 'manifest.sha256'], { cwd: folder });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(job.files.length);
    expect(lines.every((line) => line.endsWith(': OK'))).toBe(true);
    expect(lines.some((line) => line.startsWith('report.pdf'))).toBe(true);
  });

  it('writes a report in Chinese with the enterprise, the timeline and every hash', async () => {
    const { stdout } = await run('/usr/bin/pdftotext', ['-enc', 'UTF-8', join(folder, 'report.pdf'), '-']);
    expect(stdout).toContain('案件');
    expect(stdout).toContain('东企业');
    expect(stdout).toContain(detail.title);
    expect(stdout).toContain('东企业加工区');
    for (const file of job.files.filter((f) => f.path !== 'report.pdf')) expect(stdout).toContain(file.sha256);
  });

  it('serves a file of the folder and the whole folder as a tar that verifies after unpacking', async () => {
    const manifest = await hub.t.get(`/api/cases/${detail.id}/exports/${job.id}/file?path=manifest.sha256`, inspector);
    expect(manifest.status).toBe(200);
    expect(await manifest.text()).toBe(readFileSync(join(folder, 'manifest.sha256'), 'utf8'));
    const outside = `/api/cases/${detail.id}/exports/${job.id}/file?path=${encodeURIComponent('../../../vigil.db')}`;
    expect((await hub.t.get(outside, inspector)).status).toBe(404);

    const response = await hub.t.get(job.downloadUrl, inspector);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-tar');
    const tar = Buffer.from(await response.arrayBuffer());
    expect(tar.length).toBe(Number(response.headers.get('content-length')));
    const out = join(tempDir('vigil-case-tar-'), 'x');
    mkdirSync(out);
    writeFileSync(join(out, 'case.tar'), tar);
    await run('tar', ['-xf', 'case.tar'], { cwd: out });
    const { stdout } = await run('sha256sum', ['-c', 'manifest.sha256'], { cwd: join(out, `${detail.id}-${job.id}`) });
    expect(stdout.trim().split('\n')).toHaveLength(job.files.length);
  });

  it('refuses a clip or a notice of another enterprise, and a notice that does not exist', async () => {
    const other = await hub.openCase(inspector, 'ent-east2', '东二企业案件');
    type Refusal = { error: { details: { reason: string } } };
    const clip = { kind: 'clip', cameraId: CASE_CAMERA, fromMs, toMs };
    const refused = await hub.call<Refusal>('POST', `/api/cases/${other.id}/items`, inspector, clip, 400);
    expect(refused.error.details.reason).toBe('other_enterprise');
    const foreign = await issueNotice(hub.t, inspector, 'ent-east2');
    const notice = { kind: 'notice', noticeId: foreign.id };
    const wrong = await hub.call<Refusal>('POST', `/api/cases/${detail.id}/items`, inspector, notice, 400);
    expect(wrong.error.details.reason).toBe('other_enterprise');
    await hub.call('POST', `/api/cases/${detail.id}/items`, inspector, { kind: 'notice', noticeId: 'ntc_nope' }, 404);
  });

  it('keeps an enterprise with cases from being deleted', async () => {
    const admin = await hub.t.login('center-admin');
    const body = { orgUnitId: 'east', name: '已关停企业', creditGrade: 'C' };
    const enterprise = await hub.call<{ id: string }>('POST', '/api/admin/enterprises', admin, body, 201);
    await hub.openCase(inspector, enterprise.id, '关停前的违规');
    const refused = await hub.call<{ error: { details: { reason: string; cases: number } } }>(
      'DELETE',
      `/api/admin/enterprises/${enterprise.id}`,
      admin,
      undefined,
      409,
    );
    expect(refused.error.details).toMatchObject({ reason: 'enterprise_has_cases', cases: 1 });
  });

  it('refuses an operator and reads a finished export back after the jobs are gone', async () => {
    const operator = await hub.t.login('center-op');
    await hub.call('POST', `/api/cases/${detail.id}/export`, operator, undefined, 403);
    await hub.call('GET', `/api/cases/${detail.id}`, operator, undefined, 200);
    const again = await hub.call<CaseExportJob>(
      'GET',
      `/api/cases/${detail.id}/exports/${job.id}`,
      inspector,
      undefined,
      200,
    );
    expect(again.files).toEqual(job.files);
  });
});
