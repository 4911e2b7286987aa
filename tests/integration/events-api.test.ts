// The event log API through the hub: filters, scope, cursor pages without gaps or duplicates, CSV, bad queries.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventItem, EventPage } from '../../src/contracts/index.js';
import type { DomainEvent } from '../../src/events/index.js';
import { branchCameras } from '../support/branch-cameras.js';
import { eventWriter } from '../support/event-writer.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const T0 = Date.UTC(2026, 0, 10, 8);
const COUNT = 240;
const RANGE = `from=${T0}&to=${T0 + COUNT * 1000}`;

describe('event log API', () => {
  let t: TestHub;
  let cookies: Record<'center' | 'east' | 'west', string>;
  let userIds: Record<string, string>;
  const written: Array<{ id: number; at: number; type: string; severity: string; orgUnitId: string | null }> = [];

  const page = async (query: string, cookie: string): Promise<EventPage> => {
    const response = await t.get(`/api/events?${query}`, cookie);
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as EventPage;
  };
  /** Follows nextCursor to the end and returns every event seen, in order. */
  const allPages = async (query: string, cookie: string, limit: number): Promise<EventItem[]> => {
    const seen: EventItem[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 1000; pages++) {
      const body: EventPage = await page(`${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, cookie);
      seen.push(...body.events);
      expect(body.events.length).toBeLessThanOrEqual(limit);
      cursor = body.nextCursor;
      if (!cursor) return seen;
    }
    throw new Error('too many pages');
  };

  beforeAll(async () => {
    t = await startTestHub(branchCameras());
    cookies = {
      center: await t.login('center-op'),
      east: await t.login('east-insp'),
      west: await t.login('west-insp'),
    };
    const db = new Database(join(t.dataDir, 'vigil.db'), { readonly: true });
    userIds = Object.fromEntries(
      (db.prepare('SELECT id, username FROM users').all() as Array<{ id: string; username: string }>).map((row) => [
        row.username,
        row.id,
      ]),
    );
    db.close();
    const writer = eventWriter(t.dataDir);
    const kinds: Array<(i: number) => DomainEvent> = [
      () => ({
        type: 'camera.offline',
        severity: 'error',
        message: 'camera unreachable, "twice", retrying',
        cameraId: 'cam-east',
        // An unknown reason code: the CSV's text carries the hub's words for the reason, commas, quotes and all.
        data: { stream: 'main', status: 'offline', reason: 'unreachable, "twice",\nretrying', reasonCode: null },
      }),
      () => ({
        type: 'camera.reconnecting',
        severity: 'warning',
        message: '=HYPERLINK("http://evil.invalid")',
        cameraId: 'cam-west',
        data: { stream: 'main', status: 'reconnecting', reason: '=HYPERLINK("http://evil.invalid")', reasonCode: null },
      }),
      () => ({
        type: 'audit.live.started',
        severity: 'info',
        message: 'east-insp started watching\nline 2',
        cameraId: 'cam-east',
        userId: userIds['east-insp'],
        data: { username: 'east-insp', stream: 'main' },
      }),
      () => ({
        type: 'audit.login.failed',
        severity: 'warning',
        message: 'wrong password for west-insp',
        orgUnitId: 'west',
        userId: userIds['west-insp'],
        ip: '127.0.0.1',
        data: { username: 'west-insp' },
      }),
      () => ({ type: 'hub.started', severity: 'info', message: 'Vigil started', data: { version: 'test' } }),
      () => ({
        type: 'audit.playback',
        severity: 'info',
        message: 'center-op played back 西门',
        cameraId: 'cam-west',
        userId: userIds['center-op'],
        data: { username: 'center-op' },
      }),
    ];
    for (let i = 0; i < COUNT; i++) {
      // Three events share each millisecond, so pages must break ties by id.
      const logged = writer.write(
        (kinds[i % kinds.length] as (i: number) => DomainEvent)(i),
        T0 + Math.floor(i / 3) * 1000,
      );
      written.push({
        id: logged.id,
        at: logged.at,
        type: logged.type,
        severity: logged.severity,
        orgUnitId: logged.orgUnitId ?? null,
      });
    }
    writer.close();
  });

  afterAll(async () => {
    await t?.hub.stop();
  });

  const newestFirst = <T extends { id: number; at: number }>(rows: T[]): T[] =>
    [...rows].sort((a, b) => b.at - a.at || b.id - a.id);

  it('fills the enterprise and org unit of an event that names only its camera', async () => {
    const { events } = await page(`${RANGE}&type=camera.offline&limit=1`, cookies.center);
    expect(events[0]).toMatchObject({ cameraId: 'cam-east', enterpriseId: 'ent-east', orgUnitId: 'east' });
  });

  it('pages through every event, newest first, without gaps or duplicates across pages', async () => {
    const seen = await allPages(RANGE, cookies.center, 7);
    expect(seen.map((event) => event.id)).toEqual(newestFirst(written).map((event) => event.id));
  });

  it('gives a branch user only its own unit, never hub-wide events, on every page', async () => {
    const seen = await allPages(RANGE, cookies.east, 11);
    const expected = newestFirst(written.filter((event) => event.orgUnitId === 'east'));
    expect(seen.map((event) => event.id)).toEqual(expected.map((event) => event.id));
    expect(seen.every((event) => event.orgUnitId === 'east')).toBe(true);
    // Its whole view, not only the test's range, stays inside the branch.
    const everything = await allPages('', cookies.east, 100);
    expect(everything.every((event) => event.orgUnitId === 'east')).toBe(true);
  });

  it('filters by type, type prefix, severities, camera, enterprise, unit, user and time', async () => {
    const ids = async (query: string, cookie = cookies.center): Promise<number[]> =>
      (await allPages(`${RANGE}&${query}`, cookie, 100)).map((event) => event.id);
    const expect_ = (keep: (event: (typeof written)[number]) => boolean): number[] =>
      newestFirst(written.filter(keep)).map((event) => event.id);
    expect(await ids('type=audit.login.failed')).toEqual(expect_((e) => e.type === 'audit.login.failed'));
    expect(await ids('type=audit.')).toEqual(expect_((e) => e.type.startsWith('audit.')));
    expect(await ids('type=camera.')).toEqual(expect_((e) => e.type.startsWith('camera.')));
    const warnOrError = expect_((e) => e.severity !== 'info');
    expect(await ids('severity=warning,error')).toEqual(warnOrError);
    expect(await ids('severity=warning&severity=error')).toEqual(warnOrError);
    expect(await ids('cameraId=cam-west')).toEqual(
      expect_((e) => e.type === 'camera.reconnecting' || e.type === 'audit.playback'),
    );
    expect(await ids('enterpriseId=ent-east')).toEqual(
      expect_((e) => e.type === 'camera.offline' || e.type === 'audit.live.started'),
    );
    expect(await ids('orgUnitId=west')).toEqual(expect_((e) => e.orgUnitId === 'west'));
    expect(await ids(`userId=${userIds['west-insp']}`)).toEqual(expect_((e) => e.type === 'audit.login.failed'));
    expect(await ids('username=center-op')).toEqual(expect_((e) => e.type === 'audit.playback'));
    expect(await ids('username=nobody-here')).toEqual([]);
    const from = new Date(T0 + 10_000).toISOString();
    const to = new Date(T0 + 20_000).toISOString();
    const window = (await allPages(`from=${from}&to=${to}`, cookies.center, 100)).map((event) => event.id);
    expect(window).toEqual(expect_((e) => e.at >= T0 + 10_000 && e.at < T0 + 20_000));
    expect(window).toHaveLength(30);
  });

  it('answers a filter on another branch with nothing, exactly like an unknown id', async () => {
    for (const query of ['cameraId=cam-west', 'enterpriseId=ent-west', 'orgUnitId=west', 'cameraId=no-such-camera']) {
      expect((await page(query, cookies.east)).events, query).toEqual([]);
    }
    expect((await page('cameraId=cam-west', cookies.west)).events.length).toBeGreaterThan(0);
  });

  it('rejects invalid queries with a 400 naming the parameter', async () => {
    const cases: Array<[string, string]> = [
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=ten', 'limit'],
      ['from=yesterday', 'from'],
      ['severity=fatal', 'severity'],
      ['type=Camera Offline', 'type'],
      [`from=${T0 + 5000}&to=${T0}`, 'from'],
      ['cursor=bm9wZQ', 'cursor'],
      ['colour=red', ''],
    ];
    for (const [query, path] of cases) {
      const response = await t.get(`/api/events?${query}`, cookies.center);
      expect(response.status, query).toBe(400);
      const body = (await response.json()) as {
        error: { code: string; details: Array<{ path: string; message: string }> };
      };
      expect(body.error.code).toBe('VIGIL_VALIDATION');
      expect(
        body.error.details.some((detail) => detail.path.split('.')[0] === path && detail.message.length > 0),
        query,
      ).toBe(true);
    }
    expect((await t.get('/api/events')).status).toBe(401);
    expect((await t.get('/api/events.csv')).status).toBe(401);
  });

  describe('CSV download', () => {
    const csv = async (query: string, cookie: string): Promise<{ response: Response; bytes: Buffer; text: string }> => {
      const response = await t.get(`/api/events.csv?${query}`, cookie);
      const bytes = Buffer.from(await response.arrayBuffer());
      return { response, bytes, text: bytes.toString('utf8') };
    };
    /** Splits RFC 4180 text into records of cells. */
    const parse = (text: string): string[][] => {
      const records: string[][] = [];
      let cells: string[] = [];
      let cell = '';
      let quoted = false;
      for (let i = 0; i < text.length; i++) {
        const char = text[i] as string;
        if (quoted && char === '"' && text[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (char === '"') {
          quoted = !quoted;
        } else if (quoted || (char !== ',' && char !== '\r')) {
          cell += char;
        } else if (char === ',') {
          cells.push(cell);
          cell = '';
        } else {
          // CRLF ends the record.
          cells.push(cell);
          records.push(cells);
          cells = [];
          cell = '';
          i++;
        }
      }
      return records;
    };

    it('streams UTF-8 with a BOM, a header and one quoted record per event', async () => {
      const { response, bytes, text } = await csv(`${RANGE}&cameraId=cam-west`, cookies.center);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toMatch(
        /^attachment; filename="vigil-events-\d{8}-\d{6}\.csv"$/,
      );
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const [header, ...records] = parse(text.slice(1));
      expect(header?.[0]).toBe('编号');
      expect(records).toHaveLength(COUNT / 3);
      const reconnect = records.find((record) => record[3] === 'camera.reconnecting');
      // The text is made in the file's language from the event's data; quotes inside are doubled and read back intact.
      expect(reconnect?.[4]).toBe('西门 正在重连：=HYPERLINK("http://evil.invalid")');
      expect(reconnect?.slice(5, 9)).toEqual(['西分局', '西企业', '西门', 'cam-west']);
      expect(records.find((record) => record[3] === 'audit.playback')?.[9]).toBe('center-op');
    });

    it('keeps commas, quotes and line breaks inside their cells, in English too', async () => {
      const { text } = await csv(`${RANGE}&enterpriseId=ent-east&lang=en`, cookies.center);
      const [header, ...records] = parse(text.slice(1));
      expect(header?.slice(0, 5)).toEqual(['ID', 'Time', 'Severity', 'Type', 'Message']);
      const texts = records.map((record) => record[4] ?? '');
      expect(texts.some((text) => text.endsWith(' is offline: unreachable, "twice",\nretrying'))).toBe(true);
      expect(texts.some((text) => text.startsWith('east-insp started watching '))).toBe(true);
      expect(records.every((record) => record.length === header?.length)).toBe(true);
    });

    it('streams a view of many pages, every event once, newest first', async () => {
      const writer = eventWriter(t.dataDir);
      const base = T0 - 86_400_000;
      for (let i = 0; i < 2_500; i++) {
        writer.write({ type: 'audit.logout', severity: 'info', message: `logout ${i}`, orgUnitId: 'east' }, base + i);
      }
      writer.close();
      const { text } = await csv(`from=${base}&to=${base + 2_500}`, cookies.east);
      const ids = parse(text.slice(1))
        .slice(1)
        .map((record) => Number(record[0]));
      expect(ids).toHaveLength(2_500);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
    });

    it('carries the same scoped view as the list', async () => {
      const { text } = await csv(RANGE, cookies.east);
      const ids = parse(text.slice(1))
        .slice(1)
        .map((record) => Number(record[0]));
      expect(ids).toEqual(newestFirst(written.filter((event) => event.orgUnitId === 'east')).map((event) => event.id));
      expect((await csv('orgUnitId=west', cookies.east)).text.trim().split('\r\n')).toHaveLength(1);
      expect((await csv('severity=loud', cookies.east)).response.status).toBe(400);
    });
  });
});
