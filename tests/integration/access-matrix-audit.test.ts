// Audit at every media door: an allowed caller's view is one audit entry however many requests it makes, with its
// reason where one is required; a recorded-media request without a reason is refused and leaves no entry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginCookie } from '../../scripts/lib/province.js';
import type { ExportJobView } from '../../src/contracts/index.js';
import { lastMinutes, startMatrixHub, type MatrixHub } from '../support/matrix-hub.js';
import { liveUrls, type LiveUrls } from '../support/media-urls.js';
import { waitUntil } from '../support/processes.js';
import { loggedEvents } from '../support/recordings.js';

const PASSWORD = 'Audit-pass-1';

interface Context {
  matrix: MatrixHub;
  /** The row's own caller. */
  cookie: string;
  /** Another user, who finds the URLs (so the row's caller never reads the playlist they come from). */
  witness: string;
  /** Live media URLs of cam-east, read now by the witness. */
  live(): Promise<LiveUrls>;
}

interface AuditDoor {
  name: string;
  role: 'operator' | 'inspector';
  /** The audit entry a view of this door writes. */
  type: 'audit.live.started' | 'audit.playback' | 'audit.export.downloaded';
  /** The requests of one view, in the order a player or a user makes them; `reason` is the row's own. */
  view: (c: Context, reason: string) => Promise<string[]>;
  /** The same door without a reason, for doors of recorded footage: refused with 400, and no entry. */
  bare?: (c: Context) => Promise<string>;
}

const times = <T>(n: number, value: T): T[] => Array.from({ length: n }, () => value);
const withReason = (url: string, reason: string): string =>
  `${url}${url.includes('?') ? '&' : '?'}reason=${encodeURIComponent(reason)}`;
/** A recording file of cam-east as the caller's own playlist lists it, without the playlist's view. */
const file = async (c: Context, form: 'init' | 'media' | 'whole'): Promise<string> => {
  const fragment = (await c.matrix.recordedFile('cam-east', c.witness, 'looking up a file')).split('?')[0] ?? '';
  if (form === 'init') return fragment.replace(/media\.m4s$/, 'init.mp4');
  return form === 'whole' ? fragment.replace(/\/media\.m4s$/, '.mp4') : fragment;
};
/** The URIs a player fetches from a VOD playlist: each file's init and media, with the playlist's view. */
const fragmentsOf = async (c: Context, playlist: string): Promise<string[]> => {
  const text = await (await c.matrix.t.get(playlist, c.cookie)).text();
  const uris = [...text.matchAll(/URI="([^"]+)"|^(files\/\S+)$/gm)].map((match) => match[1] ?? match[2] ?? '');
  return uris
    .slice(0, 4)
    .map((uri) => new URL(uri, `http://hub/playback/cam-east/vod.m3u8`).pathname + uri.slice(uri.indexOf('?')));
};
/** A finished export of cam-east by the row's caller, with the row's reason. */
const finishedExport = async (c: Context, reason: string): Promise<ExportJobView> => {
  const job = await c.matrix.exportOf('cam-east', c.cookie, reason);
  const status = async () => (await (await c.matrix.t.get(job.statusUrl, c.cookie)).json()) as ExportJobView;
  expect(await waitUntil(async () => (await status()).state === 'done', 30_000, 250)).toBe(true);
  return status();
};

// prettier-ignore
const DOORS: AuditDoor[] = [
  { name: 'live playlist',                 role: 'operator',  type: 'audit.live.started', view: async (c) => times(3, (await c.live()).playlist) },
  { name: 'live init without a playlist',  role: 'operator',  type: 'audit.live.started', view: async (c) => times(3, (await c.live()).init) },
  { name: 'live segment without a playlist', role: 'operator', type: 'audit.live.started', view: async (c) => times(2, (await c.live()).segment) },
  { name: 'live part without a playlist',  role: 'operator',  type: 'audit.live.started', view: async (c) => times(3, (await c.live()).part) },
  {
    name: 'VOD playlist and its fragments', role: 'inspector', type: 'audit.playback',
    view: async (c, reason) => {
      const playlist = lastMinutes('/playback/cam-east/vod.m3u8', reason);
      return [playlist, playlist, ...(await fragmentsOf(c, playlist))];
    },
    bare: async () => lastMinutes('/playback/cam-east/vod.m3u8'),
  },
  { name: 'VOD fragment on its own',       role: 'inspector', type: 'audit.playback', view: async (c, r) => times(3, withReason(await file(c, 'media'), r)), bare: (c) => file(c, 'media') },
  { name: 'VOD init on its own',           role: 'inspector', type: 'audit.playback', view: async (c, r) => times(3, withReason(await file(c, 'init'), r)), bare: (c) => file(c, 'init') },
  { name: 'whole recorded file',           role: 'inspector', type: 'audit.playback', view: async (c, r) => times(2, withReason(await file(c, 'whole'), r)), bare: (c) => file(c, 'whole') },
  {
    name: "export download from the export's links", role: 'inspector', type: 'audit.export.downloaded',
    view: async (c, reason) => {
      const job = await finishedExport(c, reason);
      return [job.downloadUrl, job.downloadUrl, job.manifestUrl];
    },
    bare: async (c) => `/playback/exports/${(await finishedExport(c, 'made for the bare request')).id}/download`,
  },
  {
    name: 'export download on its own', role: 'inspector', type: 'audit.export.downloaded',
    view: async (c, reason) => {
      const job = await finishedExport(c, 'made by the same user');
      const download = withReason(`/playback/exports/${job.id}/download`, reason);
      return [download, download];
    },
  },
];

describe('access matrix: one audit entry per view at every media door', () => {
  let matrix: MatrixHub;
  let centerAdmin: string;

  beforeAll(async () => {
    matrix = await startMatrixHub({ playback: { requireReason: true } });
    centerAdmin = await matrix.t.login('center-admin');
  });

  afterAll(async () => {
    await matrix?.stop();
  });

  /** A new user of the owning branch for one row, so that no other row's views are counted. */
  const newCaller = async (index: number, role: AuditDoor['role']): Promise<{ id: string; cookie: string }> => {
    const username = `audit-${index}`;
    const body = { username, displayName: username, role, orgUnitId: 'east', password: PASSWORD };
    const created = await matrix.t.send('POST', '/api/admin/users', centerAdmin, body);
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    return { id, cookie: await loginCookie(matrix.t.base, username, PASSWORD) };
  };

  DOORS.forEach((door, index) => {
    it(`${door.name}: one ${door.type} entry per view`, async () => {
      const caller = await newCaller(index, door.role);
      const live = () => liveUrls(matrix.t.base, 'cam-east', centerAdmin);
      const context: Context = { matrix, cookie: caller.cookie, witness: centerAdmin, live };
      const entries = () => loggedEvents(matrix.t.dataDir, door.type).filter((e) => e.userId === caller.id);
      if (door.bare) {
        const refused = await matrix.t.get(await door.bare(context), caller.cookie);
        expect(refused.status).toBe(400);
        expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('reason');
        expect(entries()).toHaveLength(0);
      }
      const reason = door.type === 'audit.live.started' ? '' : `case for ${door.name}`;
      for (const url of await door.view(context, reason)) {
        const response = await matrix.t.get(url, caller.cookie);
        await response.arrayBuffer();
        expect(response.status, url).toBe(200);
      }
      const logged = entries();
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ cameraId: 'cam-east', orgUnitId: 'east' });
      if (reason) expect(logged[0]?.data.reason).toBe(reason);
    });
  });
});
