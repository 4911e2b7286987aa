// Rectification notices over HTTP on a real hub: issue → the enterprise opens it → answer with real photos →
// re-inspect → close; re-issue and escalation; the printed PDF through pdftotext; overdue flags on a moved clock.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/shared/index.js';
import type { NoticeView } from '../../src/contracts/index.js';
import { branchCameras } from '../support/branch-cameras.js';
import { issueNotice, placeSnapshot, sendAnswer, testPicture } from '../support/notice-fixtures.js';
import { waitUntil } from '../support/processes.js';
import { loggedEvents } from '../support/recordings.js';
import { connectRecordingSocket } from '../support/socket-client.js';
import { tempDir } from '../support/temp-dir.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const DAY_MS = 86_400_000;

describe('rectification notices', () => {
  let t: TestHub;
  const sockets: Array<{ close(): void }> = [];
  const cookies: Record<string, string> = {};
  let clock = Date.now();
  let jpeg: Buffer;
  let png: Buffer;
  const work = tempDir();

  beforeAll(async () => {
    t = await startTestHub(branchCameras(), {}, silentLogger(), undefined, () => ({ clock: () => clock }));
    for (const user of ['east-insp', 'west-insp', 'east-ent', 'east2-ent', 'center-op'])
      cookies[user] = await t.login(user);
    jpeg = testPicture(work, 'jpg');
    png = testPicture(work, 'png');
    placeSnapshot(t.dataDir, 'snp_east', 'ent-east', 'cam-east', jpeg);
    placeSnapshot(t.dataDir, 'snp_west', 'ent-west', 'cam-west', jpeg);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t?.hub.stop();
  });

  const view = async (id: string, user: string): Promise<NoticeView> =>
    (await (await t.get(`/api/notices/${id}`, cookies[user])).json()) as NoticeView;
  const post = (id: string, step: string, user: string, body: unknown = {}) =>
    t.send('POST', `/api/notices/${id}/${step}`, cookies[user], body);
  /** Every photo file in the evidence store. */
  const storedPhotos = (): string[] => {
    const dir = join(t.dataDir, 'evidence', 'photos');
    return existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort() : [];
  };
  const reasonOf = async (response: Response) =>
    ((await response.json()) as { error: { details?: { reason?: string } } }).error.details?.reason;

  it('runs the whole flow: issue, read, answer with photos, re-inspect, close; every step audited', async () => {
    const year = new Date(clock).getFullYear();
    const issued = await issueNotice(t, cookies['east-insp'] ?? '', 'ent-east', {
      evidence: [
        { kind: 'snapshot', snapshotId: 'snp_east' },
        { kind: 'interval', cameraId: 'cam-east', fromMs: clock - 60_000, toMs: clock },
        { kind: 'patrol_item', recordId: 'rec_1', itemKey: 'floor', text: '地面积水' },
      ],
    });
    expect(issued.number).toMatch(new RegExp(`^东〔${year}〕第\\d{4}号$`));
    const socket = await connectRecordingSocket(t.base, cookies['east-ent'] ?? '');
    sockets.push(socket);
    const heard: string[] = [];
    socket.socket.on('notice:changed', (message) => heard.push(`${message.id}:${message.state}`));

    const seenByEnterprise = await view(issued.id, 'east-ent');
    expect(seenByEnterprise.state).toBe('read');
    expect(seenByEnterprise).not.toHaveProperty('internalNote');
    expect(JSON.stringify(seenByEnterprise)).not.toContain('creditGrade');
    expect(seenByEnterprise.actions).toEqual(['answer']);
    const seenByInspector = await view(issued.id, 'east-insp');
    expect(seenByInspector.internalNote).toContain('内部备注');
    expect(seenByInspector.evidence.map((item) => item.kind)).toEqual(['snapshot', 'interval', 'patrol_item']);
    expect(seenByInspector.evidence[0]?.sha256).toHaveLength(64);
    expect((await t.get(`/api/notices/${issued.id}`, cookies['east2-ent'])).status).toBe(404);
    expect((await t.get(`/api/notices/${issued.id}`, cookies['west-insp'])).status).toBe(404);

    expect((await sendAnswer(t, issued.id, cookies['east-insp'], 'x')).status).toBe(403);
    const answered = await sendAnswer(t, issued.id, cookies['east-ent'], '已整改，地面已清理', [
      { name: 'floor.jpg', bytes: jpeg },
      { name: 'drain.png', bytes: png, type: 'image/png' },
    ]);
    expect(answered.status).toBe(200);
    const afterAnswer = (await answered.json()) as NoticeView;
    expect(afterAnswer.state).toBe('answered');
    expect(afterAnswer.photos.map((photo) => photo.mime)).toEqual(['image/jpeg', 'image/png']);

    for (const [user, status] of [
      ['east-insp', 200],
      ['east-ent', 200],
      ['east2-ent', 404],
      ['west-insp', 404],
    ] as const) {
      const photo = await t.get(afterAnswer.photos[0]?.url ?? '', cookies[user]);
      expect(photo.status, user).toBe(status);
      if (status === 200) {
        expect(photo.headers.get('content-type')).toBe('image/jpeg');
        expect(photo.headers.get('x-content-type-options')).toBe('nosniff');
        expect(photo.headers.get('content-disposition')).toMatch(/^inline/);
        expect(Buffer.from(await photo.arrayBuffer()).equals(jpeg)).toBe(true);
      } else await photo.arrayBuffer();
    }

    const early = await post(issued.id, 'close', 'east-insp');
    expect(early.status).toBe(409);
    expect(await reasonOf(early)).toBe('notice_state');
    expect((await post(issued.id, 'reinspect', 'center-op', { verdict: 'rectified', note: 'x' })).status).toBe(403);
    const reinspected = await post(issued.id, 'reinspect', 'east-insp', {
      verdict: 'rectified',
      note: '实时画面复查已整改',
      snapshotId: 'snp_east',
    });
    expect(reinspected.status).toBe(200);
    expect((await post(issued.id, 'close', 'east-ent')).status).toBe(403);
    const closed = await post(issued.id, 'close', 'east-insp', { note: '结案' });
    expect(closed.status).toBe(200);
    expect(((await closed.json()) as NoticeView).state).toBe('closed');
    expect((await sendAnswer(t, issued.id, cookies['east-ent'], 'again')).status).toBe(409);

    for (const step of ['issued', 'read', 'answered', 'reinspected', 'closed']) {
      const found = () =>
        loggedEvents(t.dataDir, `audit.notice.${step}`).some((event) => event.data?.noticeId === issued.id);
      expect(await waitUntil(found, 5_000, 50), step).toBe(true);
    }
    expect(await waitUntil(() => heard.includes(`${issued.id}:closed`), 5_000, 20)).toBe(true);
  });

  it('refuses evidence of another enterprise, and operators and other enterprises may not issue', async () => {
    const body = { enterpriseId: 'ent-east', finding: 'x', rule: 'y', deadline: clock + DAY_MS };
    const foreign = await t.send('POST', '/api/notices', cookies['east-insp'], {
      ...body,
      evidence: [{ kind: 'snapshot', snapshotId: 'snp_west' }],
    });
    expect(foreign.status).toBe(400);
    expect(await reasonOf(foreign)).toBe('notice_evidence_enterprise');
    expect((await t.send('POST', '/api/notices', cookies['center-op'], body)).status).toBe(403);
    expect((await t.send('POST', '/api/notices', cookies['east-ent'], body)).status).toBe(403);
    expect((await t.send('POST', '/api/notices', cookies['west-insp'], body)).status).toBe(404);
    const past = await t.send('POST', '/api/notices', cookies['east-insp'], { ...body, deadline: clock - 1 });
    expect(past.status).toBe(400);
    expect(JSON.stringify(await past.json())).toContain('deadline');
  });

  it('re-issues a notice found not rectified under a new number, and escalates another', async () => {
    const first = await issueNotice(t, cookies['east-insp'] ?? '', 'ent-east');
    expect((await sendAnswer(t, first.id, cookies['east-ent'], '已整改')).status).toBe(200);
    expect(
      (await post(first.id, 'reinspect', 'east-insp', { verdict: 'not_rectified', note: '仍有积水' })).status,
    ).toBe(200);
    const refused = await post(first.id, 'close', 'east-insp');
    expect(await reasonOf(refused)).toBe('notice_not_rectified');
    const reissued = await post(first.id, 'reissue', 'east-insp', { deadline: clock + 3 * DAY_MS });
    expect(reissued.status).toBe(201);
    const next = (await reissued.json()) as NoticeView;
    expect(next.parentId).toBe(first.id);
    expect(next.number).not.toBe(first.number);
    expect(next.state).toBe('issued');
    expect((await view(first.id, 'east-insp')).state).toBe('reissued');
    const escalated = await post(next.id, 'escalate', 'east-insp', { note: '移交现场检查' });
    expect(((await escalated.json()) as NoticeView).state).toBe('escalated');
    expect((await post(next.id, 'escalate', 'east-insp', { note: 'again' })).status).toBe(409);
  });

  it('refuses bad uploads with a clear reason, stores nothing of them, and keeps running', async () => {
    const notice = await issueNotice(t, cookies['east-insp'] ?? '', 'ent-east');
    const cookie = cookies['east-ent'];
    const storedBefore = storedPhotos();
    const text = await sendAnswer(t, notice.id, cookie, 'x', [
      { name: 'photo.jpg', bytes: Buffer.from('just text, not a picture') },
    ]);
    expect(text.status).toBe(400);
    expect(await reasonOf(text)).toBe('photo_type');
    const six = await sendAnswer(
      t,
      notice.id,
      cookie,
      'x',
      Array.from({ length: 6 }, (_, i) => ({ name: `p${i}.jpg`, bytes: jpeg })),
    );
    expect(six.status).toBe(400);
    expect(await reasonOf(six)).toBe('photo_count');
    const big = Buffer.concat([jpeg, Buffer.alloc(6 * 1024 * 1024)]);
    const started = performance.now();
    const large = await sendAnswer(t, notice.id, cookie, 'x', [{ name: 'big.jpg', bytes: big }]);
    expect(large.status).toBe(413);
    expect(await reasonOf(large)).toBe('photo_too_large');
    console.info(`a refused 6 MB upload took ${(performance.now() - started).toFixed(0)} ms`);
    const truncated = await fetch(`${t.base}/api/notices/${notice.id}/answer`, {
      method: 'POST',
      headers: { cookie: cookie ?? '', 'content-type': 'multipart/form-data; boundary=XyZ' },
      body: '--XyZ\r\nContent-Disposition: form-data; name="text"\r\n\r\nhalf an answ',
    });
    expect(truncated.status).toBe(400);
    expect(await reasonOf(truncated)).toBe('upload_malformed');
    const seen = await view(notice.id, 'east-insp');
    expect(seen.state).toBe('issued');
    expect(seen.photos).toEqual([]);
    expect(storedPhotos()).toEqual(storedBefore);
    expect((await t.get('/healthz')).status).toBe(200);
    expect((await sendAnswer(t, notice.id, cookie, '已整改', [{ name: 'ok.jpg', bytes: jpeg }])).status).toBe(200);
  });

  it('takes the largest answer allowed (5 photos of almost 5 MB) and says how fast', async () => {
    const notice = await issueNotice(t, cookies['east-insp'] ?? '', 'ent-east');
    const photo = Buffer.concat([jpeg, Buffer.alloc(5 * 1024 * 1024 - jpeg.length - 1)]);
    const started = performance.now();
    const files = Array.from({ length: 5 }, (_, i) => ({ name: `large-${i}.jpg`, bytes: photo }));
    const answered = await sendAnswer(t, notice.id, cookies['east-ent'], '已整改', files);
    const seconds = (performance.now() - started) / 1000;
    expect(answered.status).toBe(200);
    expect(((await answered.json()) as NoticeView).photos.map((item) => item.bytes)).toEqual(
      files.map(() => photo.length),
    );
    console.info(
      `an answer of 5 × 5 MB took ${seconds.toFixed(2)} s (${((5 * photo.length) / 1e6 / seconds).toFixed(0)} MB/s)`,
    );
  });

  it('prints the notice as a PDF with Chinese text; the enterprise copy has no internal note', async () => {
    const notice = await issueNotice(t, cookies['east-insp'] ?? '', 'ent-east', {
      evidence: [{ kind: 'snapshot', snapshotId: 'snp_east' }],
    });
    const text = async (user: string) => {
      const started = performance.now();
      const response = await t.get(`/api/notices/${notice.id}/pdf`, cookies[user]);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      const bytes = Buffer.from(await response.arrayBuffer());
      console.info(`notice PDF for ${user}: ${bytes.length} bytes in ${(performance.now() - started).toFixed(0)} ms`);
      const file = join(work, `${user}.pdf`);
      writeFileSync(file, bytes);
      return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8');
    };
    const agency = await text('east-insp');
    for (const expected of ['整改通知书', notice.number, '东企业', '车间地面积水', '内部备注', 'snp_east'])
      expect(agency).toContain(expected);
    const enterprise = await text('east-ent');
    expect(enterprise).toContain('整改通知书');
    expect(enterprise).toContain(notice.number);
    expect(enterprise).not.toContain('内部备注');
    expect((await t.get(`/api/notices/${notice.id}/pdf`, cookies['east2-ent'])).status).toBe(404);
  });

  it('flags a notice past its deadline once a day on the injected clock, and counts it for the badge', async () => {
    const notice = await issueNotice(t, cookies['east-insp'] ?? '', 'ent-east', { deadline: clock + 3_600_000 });
    const check = () => t.hub.overdueCheck?.check() ?? -1;
    const flagsOf = () =>
      loggedEvents(t.dataDir, 'notice.overdue').filter((event) => event.data?.noticeId === notice.id);
    expect(check()).toBe(0);
    clock += 2 * 3_600_000;
    expect(check()).toBeGreaterThanOrEqual(1);
    expect(await waitUntil(() => flagsOf().length === 1, 5_000, 20)).toBe(true);
    expect(check()).toBe(0);
    const listing = await t.get('/api/notices?overdue=true', cookies['east-insp']);
    const listed = (await listing.json()) as { notices: Array<{ id: string; overdue: boolean }> };
    expect(listing.status, JSON.stringify(listed)).toBe(200);
    expect(listed.notices.find((item) => item.id === notice.id)?.overdue).toBe(true);
    const summary = (await (await t.get('/api/notices/summary', cookies['east-ent'])).json()) as {
      open: number;
      overdue: number;
    };
    expect(summary.overdue).toBeGreaterThanOrEqual(1);
    const westSummary = (await (await t.get('/api/notices/summary', cookies['west-insp'])).json()) as {
      open: number;
      overdue: number;
    };
    expect(westSummary).toEqual({ open: 0, overdue: 0 });
    clock += DAY_MS;
    expect(check()).toBeGreaterThanOrEqual(1);
    expect(await waitUntil(() => flagsOf().length === 2, 5_000, 20)).toBe(true);
    expect(flagsOf()[0]?.orgUnitId).toBe('east');
  });

  it('numbers notices issued at once without gaps', async () => {
    const made = await Promise.all(
      Array.from({ length: 12 }, () => issueNotice(t, cookies['east-insp'] ?? '', 'ent-east2')),
    );
    const listed = (await (
      await t.get('/api/notices?enterpriseId=ent-east&limit=500', cookies['east-insp'])
    ).json()) as { notices: Array<{ number: string }> };
    const seqs = [...made.map((notice) => notice.number), ...listed.notices.map((notice) => notice.number)]
      .map((number) => Number(/第(\d{4})号/.exec(number)?.[1]))
      .sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
  });
});
