// Scope at every door: each door (REST, media, socket.io) × each caller, one table row per door, the expected answer per caller.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginCookie } from '../../scripts/lib/province.js';
import { lastMinutes, startMatrixHub, type MatrixHub } from '../support/matrix-hub.js';
import { liveUrls } from '../support/media-urls.js';
import { waitUntil } from '../support/processes.js';
import type { NoticeView } from '../../src/contracts/index.js';
import { issueNotice, sendAnswer, testPicture } from '../support/notice-fixtures.js';
import { tempDir } from '../support/temp-dir.js';
import type { TestHub } from '../support/test-hub.js';

import {
  CALLERS,
  CASE_DOORS,
  http,
  IMAGE_HEALTH_DOORS,
  NOTICE_DOORS,
  RECENT_CLIP,
  SUPERVISION_DOORS,
  type Caller,
  type Context,
  type Door,
  type Outcome,
} from '../support/access-doors.js';

const NEW_USER = {
  username: 'probe-user',
  displayName: 'x',
  role: 'operator',
  orgUnitId: 'east',
  password: 'Probe-pass-1',
};
const NEW_ENTERPRISE = { orgUnitId: 'east', name: '探测企业', creditGrade: 'B' };

/** The same recording file as its VOD init, or whole (`<id>.mp4`), without the playlist's view. */
const recordedAs = (form: 'init' | 'whole') => async (c: Context) => {
  const fragment = (await c.recordedFile('cam-east')).split('?')[0] ?? '';
  return form === 'init' ? fragment.replace(/media\.m4s$/, 'init.mp4') : fragment.replace(/\/media\.m4s$/, '.mp4');
};

/** The last ten minutes, as a playback query made when the case runs. */
const recent = (path: string) => () => lastMinutes(path);

// Playback is for inspectors and admins in scope: an operator is refused (403) even at the center.
// prettier-ignore
const RECORDING_DOORS: Door[] = [
  http('recorded ranges',                     'GET',    recent('/playback/cam-east/ranges'),         [403, 200, 403, 403, 401, 401, 403, 403]),
  http('VOD playlist',                        'GET',    recent('/playback/cam-east/vod.m3u8'),       [403, 200, 403, 403, 401, 401, 403, 403]),
  http('VOD fragment',                        'GET',    (c) => c.recordedFile('cam-east'),           [403, 200, 403, 403, 401, 401, 403, 403]),
  http('VOD init',                            'GET',    recordedAs('init'),                          [403, 200, 403, 403, 401, 401, 403, 403]),
  http('whole recorded file',                 'GET',    recordedAs('whole'),                         [403, 200, 403, 403, 401, 401, 403, 403]),
  http('guessed VOD playlist of the other branch', 'GET', recent('/playback/cam-west/vod.m3u8'),     [403, 403, 200, 200, 401, 401, 403, 403]),
  http('export a clip',                       'POST',   '/playback/cam-east/exports',                [403, 202, 403, 403, 401, 401, 403, 403], { from: Date.now(), to: Date.now() + 600_000 }), // the test's first ten minutes
  http('export status',                       'GET',    (c) => `/playback/exports/${c.exportId}`,    [403, 200, 404, 404, 401, 401, 403, 403]),
  http('export download',                     'GET',    (c) => `/playback/exports/${c.exportId}/download`, [403, 200, 404, 404, 401, 401, 403, 403]),
];

type MediaKind = 'playlist' | 'init' | 'segment' | 'part';
/** A real media URL of a playing camera, read from its playlist when the case runs. */
const media = (cameraId: string, kind: MediaKind) => async (c: Context) => (await c.media(cameraId))[kind];
const eastInspector =
  (suffix = '') =>
  (c: Context) =>
    `/api/admin/users/${c.eastInspectorId}${suffix}`;

// prettier-ignore
const DOORS: Door[] = [
  //   door                                   method    path                                         op   own  other oAdm anon expired ent  ent2
  http('camera resource',                     'GET',    '/api/cameras/cam-east',                     [200, 200, 404, 404, 401, 401, 200, 404]),
  http('unknown camera resource',             'GET',    '/api/cameras/cam-nope',                     [404, 404, 404, 404, 401, 401, 404, 404]),
  http('snapshot',                            'GET',    '/api/cameras/cam-east/snapshot.jpg',        [200, 200, 404, 404, 401, 401, 200, 404]),
  http('snapshot of an unknown camera',       'GET',    '/api/cameras/cam-nope/snapshot.jpg',        [404, 404, 404, 404, 401, 401, 404, 404]),
  // cam-east has no ONVIF address: in scope the answer is "no PTZ" (a move 409), out of scope the camera door's 404.
  http('PTZ of a camera',                     'GET',    '/api/cameras/cam-east/ptz',                 [200, 200, 404, 404, 401, 401, 200, 404]),
  http('PTZ move',                            'POST',   '/api/cameras/cam-east/ptz/move',            [409, 409, 404, 404, 401, 401, 403, 404], { pan: 1 }),
  http('live playlist',                       'GET',    media('cam-east', 'playlist'),               [200, 200, 403, 403, 401, 401, 200, 403]),
  http('live init segment',                   'GET',    media('cam-east', 'init'),                   [200, 200, 403, 403, 401, 401, 200, 403]),
  http('live segment',                        'GET',    media('cam-east', 'segment'),                [200, 200, 403, 403, 401, 401, 200, 403]),
  http('live part',                           'GET',    media('cam-east', 'part'),                   [200, 200, 403, 403, 401, 401, 200, 403]),
  http('guessed segment of the other branch', 'GET',    media('cam-west', 'segment'),                [200, 403, 200, 200, 401, 401, 403, 403]),
  http('guessed part of the other branch',    'GET',    media('cam-west', 'part'),                   [200, 403, 200, 200, 401, 401, 403, 403]),
  http('guessed camera id in a playlist URL', 'GET',    '/live/cam-nope/main/index.m3u8',            [403, 403, 403, 403, 401, 401, 403, 403]),
  // The H.264 transcode is scoped as the camera's live view (the first caller in scope starts it).
  http('transcoded live playlist',            'GET',    '/live/cam-east/h264/index.m3u8',            [200, 200, 403, 403, 401, 401, 200, 403]),
  http('transcode status',                    'GET',    '/live/cam-east/h264/status.json',           [200, 200, 403, 403, 401, 401, 200, 403]),
  http('edit enterprise',                     'PATCH',  '/api/admin/enterprises/ent-east',           [403, 403, 403, 404, 401, 401, 403, 403], { creditGrade: 'A' }),
  http('delete enterprise',                   'DELETE', '/api/admin/enterprises/ent-east',           [403, 403, 403, 404, 401, 401, 403, 403]),
  http('add enterprise to the branch',        'POST',   '/api/admin/enterprises',                    [403, 403, 403, 403, 401, 401, 403, 403], NEW_ENTERPRISE),
  http('rename org unit',                     'PATCH',  '/api/admin/org-units/east',                 [403, 403, 403, 404, 401, 401, 403, 403], { name: '东分局' }),
  http('delete org unit',                     'DELETE', '/api/admin/org-units/east',                 [403, 403, 403, 404, 401, 401, 403, 403]),
  http('add user to the branch',              'POST',   '/api/admin/users',                          [403, 403, 403, 403, 401, 401, 403, 403], NEW_USER),
  http('edit user of the branch',             'PATCH',  eastInspector(),                             [403, 403, 403, 404, 401, 401, 403, 403], { displayName: 'x' }),
  http('reset password in the branch',        'POST',   eastInspector('/password'),                  [403, 403, 403, 404, 401, 401, 403, 403], { password: 'Probe-pass-2' }),
  http('unlock user of the branch',           'POST',   eastInspector('/unlock'),                    [403, 403, 403, 404, 401, 401, 403, 403]),
  http('delete user of the branch',           'DELETE', eastInspector(),                             [403, 403, 403, 404, 401, 401, 403, 403]),
  http('camera settings',                     'GET',    '/api/admin/cameras/cam-east',               [403, 403, 403, 404, 401, 401, 403, 403]),
  http('edit camera',                         'PATCH',  '/api/admin/cameras/cam-east',               [403, 403, 403, 404, 401, 401, 403, 403], { name: 'x' }),
  http('test a camera\'s stream',             'POST',   '/api/admin/cameras/test-stream',            [403, 403, 403, 404, 401, 401, 403, 403], { cameraId: 'cam-east' }),
  http('push settings of a camera',           'GET',    '/api/admin/cameras/cam-east/push',          [403, 403, 403, 404, 401, 401, 403, 403]),
  http('delete camera',                       'DELETE', '/api/admin/cameras/cam-east',               [403, 403, 403, 404, 401, 401, 403, 403]),
  { name: 'branch events over socket.io', kind: 'socket', expect: ['event', 'event', 'silent', 'silent', 'refused', 'refused', 'silent', 'silent'] },
  ...SUPERVISION_DOORS,
  ...IMAGE_HEALTH_DOORS,
  ...NOTICE_DOORS,
  ...CASE_DOORS,
  ...RECORDING_DOORS,
];

describe('access matrix: doors × callers', () => {
  let matrix: MatrixHub;
  let t: TestHub;
  let centerAdmin: string;
  let jpeg: Buffer;
  const cookies = new Map<Caller, string | undefined>();
  const sockets: Socket[] = [];
  const context: Context = {
    media: (cameraId) => liveUrls(t.base, cameraId, cookies.get('center operator') ?? ''),
    eastInspectorId: '',
    recordedFile: (cameraId) => matrix.recordedFile(cameraId, centerAdmin),
    exportId: '',
    notice: { id: '', photoUrl: '' },
    westNoticeId: '',
    freshNotice: async () => (await issueNotice(t, cookies.get('inspector of the owning branch') ?? '', 'ent-east')).id,
    cases: { east: '', east2: '', west: '', exportId: '' },
    patrolRecordId: '',
  };

  /** Ends a session for real: its absolute expiry, in the database, lies in the past. */
  const expire = (cookie: string): void => {
    const token = decodeURIComponent(cookie.split('=')[1] ?? '');
    const db = new Database(join(t.dataDir, 'vigil.db'));
    const hash = createHash('sha256').update(token).digest('hex');
    const changed = db.prepare('UPDATE sessions SET expires_at = ? WHERE token_hash = ?').run(Date.now() - 1, hash);
    db.close();
    expect(changed.changes).toBe(1);
  };

  beforeAll(async () => {
    matrix = await startMatrixHub();
    t = matrix.t;
    cookies.set('center operator', await t.login('center-op'));
    cookies.set('inspector of the owning branch', await t.login('east-insp'));
    cookies.set('inspector of another branch', await t.login('west-insp'));
    cookies.set('admin of another branch', await t.login('west-admin'));
    cookies.set('anonymous', undefined);
    const expired = await t.login('east-insp');
    expire(expired);
    cookies.set('expired session', expired);
    cookies.set('account of the owning enterprise', await t.login('east-ent'));
    cookies.set('account of another enterprise of the branch', await t.login('east2-ent'));
    centerAdmin = await t.login('center-admin');
    const users = (await (await t.get('/api/admin/users', centerAdmin)).json()) as {
      users: Array<{ id: string; username: string }>;
    };
    context.eastInspectorId = users.users.find((user) => user.username === 'east-insp')?.id ?? '';
    const owner = cookies.get('inspector of the owning branch') ?? '';
    jpeg = testPicture(tempDir(), 'jpg');
    const own = await issueNotice(t, owner, 'ent-east');
    await issueNotice(t, owner, 'ent-east2');
    context.westNoticeId = (await issueNotice(t, cookies.get('inspector of another branch') ?? '', 'ent-west')).id;
    const answered = await sendAnswer(t, own.id, cookies.get('account of the owning enterprise'), '已整改', [
      { name: 'a.jpg', bytes: jpeg },
    ]);
    const photos = ((await answered.json()) as NoticeView).photos;
    context.notice = { id: own.id, photoUrl: photos[0]?.url ?? '' };
    const made = await matrix.exportOf('cam-east', owner);
    context.exportId = made.id;
    const done = async () =>
      ((await (await t.get(made.statusUrl, owner)).json()) as { state: string }).state === 'done';
    expect(await waitUntil(done, 30_000, 250)).toBe(true);
    await openCases(owner);
  });

  /** A case per enterprise (the one of ent-east with a clip and a finished export), made by inspectors in scope. */
  async function openCases(eastInspector: string): Promise<void> {
    const open = async (cookie: string, enterpriseId: string): Promise<string> => {
      const made = await t.send('POST', '/api/cases', cookie, { enterpriseId, title: `案件 ${enterpriseId}` });
      expect(made.status).toBe(201);
      return ((await made.json()) as { id: string }).id;
    };
    const westInspector = cookies.get('inspector of another branch') ?? '';
    const patrol = {
      enterpriseId: 'ent-east',
      startedAt: new Date().toISOString(),
      points: [{ cameraId: 'cam-east' }],
    };
    const recorded = await t.send('POST', '/api/patrol/records', eastInspector, patrol);
    context.patrolRecordId = ((await recorded.json()) as { id: string }).id;
    context.cases.east = await open(eastInspector, 'ent-east');
    context.cases.east2 = await open(eastInspector, 'ent-east2');
    context.cases.west = await open(westInspector, 'ent-west');
    const clip = { ...RECENT_CLIP, fromMs: Date.now() - 20_000, toMs: Date.now() };
    expect((await t.send('POST', `/api/cases/${context.cases.east}/items`, eastInspector, clip)).status).toBe(201);
    const exported = await t.send('POST', `/api/cases/${context.cases.east}/export`, eastInspector);
    const job = (await exported.json()) as { id: string };
    context.cases.exportId = job.id;
    const finished = async () =>
      (
        (await (await t.get(`/api/cases/${context.cases.east}/exports/${job.id}`, eastInspector)).json()) as {
          state: string;
        }
      ).state === 'done';
    expect(await waitUntil(finished, 30_000, 250)).toBe(true);
  }

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await matrix?.stop();
  });

  const connect = (cookie: string | undefined): Socket => {
    const socket = io(t.base, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: cookie ? { cookie } : {},
    });
    sockets.push(socket);
    return socket;
  };

  /** Connects the caller and a center witness, makes an event of the branch, and reports what the caller got. */
  async function socketOutcome(cookie: string | undefined): Promise<Outcome> {
    const socket = connect(cookie);
    const connected = await new Promise<boolean>((resolve) => {
      socket.once('connect', () => resolve(true));
      socket.once('connect_error', () => resolve(false));
      setTimeout(() => resolve(false), 5_000);
    });
    if (!connected) return 'refused';
    const witness = connect(cookies.get('center operator'));
    await new Promise<void>((resolve) => witness.once('connect', () => resolve()));
    const marker = `contact-${Math.random()}`;
    const heard = (target: Socket) => {
      let got = false;
      target.on('event', (event) => {
        if (event.orgUnitId === 'east' && event.type === 'audit.admin.enterprise.updated') got = true;
      });
      return () => got;
    };
    const callerHeard = heard(socket);
    const witnessHeard = heard(witness);
    await t.send('PATCH', '/api/admin/enterprises/ent-east', centerAdmin, { contact: marker });
    expect(await waitUntil(witnessHeard, 5_000, 50)).toBe(true);
    // The caller's socket had as long as the witness's and then some.
    await new Promise((resolve) => setTimeout(resolve, 300));
    return callerHeard() ? 'event' : 'silent';
  }

  for (const door of DOORS) {
    CALLERS.forEach((caller, index) => {
      const expected = door.expect[index] as Outcome;
      it(`${door.name} × ${caller} → ${expected}`, async () => {
        const cookie = cookies.get(caller);
        if (door.kind === 'socket') {
          expect(await socketOutcome(cookie)).toBe(expected);
          return;
        }
        const path = await (door.path as NonNullable<Door['path']>)(context);
        const response =
          door.kind === 'upload'
            ? await sendAnswer(t, path.split('/')[3] ?? '', cookie, '已整改', [{ name: 'a.jpg', bytes: jpeg }])
            : await t.send(door.method ?? 'GET', path, cookie, door.body);
        await response.arrayBuffer();
        expect(response.status, `${door.method} ${path}`).toBe(expected);
      });
    });
  }

  it('moves the socket of a user moved to another branch at once, and drops it when the user is disabled', async () => {
    const body = { ...NEW_USER, username: 'mover', orgUnitId: 'west' };
    const created = (await (await t.send('POST', '/api/admin/users', centerAdmin, body)).json()) as { id: string };
    const cookie = await loginCookie(t.base, 'mover', NEW_USER.password);
    expect(await socketOutcome(cookie)).toBe('silent');
    expect((await t.send('PATCH', `/api/admin/users/${created.id}`, centerAdmin, { orgUnitId: 'east' })).status).toBe(
      200,
    );
    const socket = sockets.at(-2) as Socket;
    expect(socket.connected).toBe(true);
    expect(await socketOutcome(cookie)).toBe('event');
    const dropped = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    await t.send('PATCH', `/api/admin/users/${created.id}`, centerAdmin, { disabled: true });
    expect(await dropped).toBe('io server disconnect');
  });

  // Whom each caller's list of notices shows: the owning branch's notice of ent-east, and nothing out of scope.
  const SEES_EAST_NOTICE = [true, true, false, false, undefined, undefined, true, false] as const;
  CALLERS.forEach((caller, index) => {
    const sees = SEES_EAST_NOTICE[index];
    if (sees === undefined) return;
    it(`notice list × ${caller} holds only notices in scope`, async () => {
      const me = (await (await t.get('/api/auth/me', cookies.get(caller))).json()) as {
        user: { orgUnitId: string; scope: string; enterprise: { id: string } | null };
      };
      const { notices } = (await (await t.get('/api/notices', cookies.get(caller))).json()) as {
        notices: Array<{ id: string; enterpriseId: string }>;
      };
      expect(notices.some((item) => item.id === context.notice.id)).toBe(sees);
      const branchOf: Record<string, string> = { 'ent-east': 'east', 'ent-east2': 'east', 'ent-west': 'west' };
      for (const item of notices) {
        if (me.user.enterprise) expect(item.enterpriseId).toBe(me.user.enterprise.id);
        else if (me.user.scope === 'branch') expect(branchOf[item.enterpriseId]).toBe(me.user.orgUnitId);
      }
      expect(notices.length).toBeGreaterThan(0);
    });
  });

  it("lists the cases in each caller's scope only", async () => {
    const seen = async (caller: Caller): Promise<string[]> => {
      const list = (await (await t.get('/api/cases', cookies.get(caller))).json()) as { cases: Array<{ id: string }> };
      return list.cases.map((c) => c.id);
    };
    const { east, east2, west } = context.cases;
    expect(await seen('center operator')).toEqual(expect.arrayContaining([east, east2, west]));
    const owning = await seen('inspector of the owning branch');
    expect(owning).toEqual(expect.arrayContaining([east, east2]));
    expect(owning).not.toContain(west);
    for (const caller of ['inspector of another branch', 'admin of another branch'] as const) {
      const other = await seen(caller);
      expect(other).toContain(west);
      expect(other).not.toContain(east);
      expect(other).not.toContain(east2);
    }
    const refused = await t.get('/api/cases', cookies.get('account of the owning enterprise'));
    expect(((await refused.json()) as { error: { details: { reason: string } } }).error.details.reason).toBe(
      'agency_only',
    );
  });

  it('has at least 40 cases', () => {
    expect(DOORS.length * CALLERS.length).toBeGreaterThanOrEqual(40);
  });
});
