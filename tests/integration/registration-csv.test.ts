// CSV import through the API: 50 cameras with 3 bad rows register 47 and report the 3 with their reasons.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminCamera, CsvImportReport } from '../../src/contracts/index.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const HEADER = 'enterprise,name,stage,main_url,sub_url,username,password,transport,record_mode';
const PASSWORD = 'Imp0rt-pw';

function csvOf(lines: string[]): string {
  // Written by a spreadsheet: BOM, CRLF, quoted fields.
  return `\ufeff${[HEADER, ...lines].join('\r\n')}\r\n`;
}

describe('CSV camera import', () => {
  let t: TestHub;
  let cookie: string;

  const upload = async (
    body: string,
    who = cookie,
  ): Promise<[number, CsvImportReport & { error?: { message: string } }]> => {
    const response = await t.send('POST', '/api/admin/cameras/import', who, { csv: body });
    return [response.status, await response.json()];
  };

  beforeAll(async () => {
    t = await startTestHub([]);
    cookie = await t.login('center-admin');
  });

  afterAll(async () => {
    await t?.hub.stop();
  });

  it('registers the 47 good rows of 50 and names the 3 bad ones with why', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => {
      const n = String(i + 1).padStart(2, '0');
      const enterprise = i % 2 === 0 ? 'ent-east' : '西企业';
      const stage = i % 3 === 0 ? '包装' : 'processing';
      return `${enterprise},"Line ${n}, dock",${stage},rtsp://10.1.0.${i + 1}:554/main,rtsp://10.1.0.${i + 1}:554/sub,admin,${PASSWORD},tcp,off`;
    });
    lines[9] = 'ent-nowhere,Ghost camera,processing,rtsp://10.1.0.10/main,,,,tcp,off';
    lines[19] = 'ent-east,Bad stage,roof,rtsp://10.1.0.20/main,,,,tcp,off';
    lines[29] = 'ent-east,No URL,storage,,,,,tcp,off';
    const [status, report] = await upload(csvOf(lines));
    expect(status).toBe(200);
    expect(report.created).toBe(47);
    expect(report.failed).toBe(3);
    const failed = report.rows.filter((row) => !row.ok);
    // Line numbers of the file: the header is line 1, so the 10th camera is line 11.
    expect(failed.map((row) => [row.row, row.name])).toEqual([
      [11, 'Ghost camera'],
      [21, 'Bad stage'],
      [31, 'No URL'],
    ]);
    expect(failed[0]!.error).toMatch(/no such enterprise "ent-nowhere"/);
    expect(failed[1]!.error).toMatch(/stage: "roof" is not one of/);
    expect(failed[2]!.error).toMatch(/needs its main stream URL/);
    expect(report.rows.filter((row) => row.ok).every((row) => row.cameraId?.startsWith('cam_'))).toBe(true);

    const list: { cameras: AdminCamera[] } = await (await t.get('/api/admin/cameras', cookie)).json();
    expect(list.cameras).toHaveLength(47);
    const first = list.cameras.find((camera) => camera.name === 'Line 01, dock');
    expect(first).toMatchObject({
      stage: 'packaging',
      hasPassword: true,
      username: 'admin',
      hasSub: true,
      enterpriseId: 'ent-east',
    });
    expect(list.cameras.find((camera) => camera.name === 'Line 02, dock')?.enterpriseId).toBe('ent-west');
    expect(JSON.stringify(list)).not.toContain(PASSWORD);
    expect(JSON.stringify(report)).not.toContain(PASSWORD);
  });

  it('a branch admin imports only into its own branch', async () => {
    const west = await t.login('west-admin');
    const [, report] = await upload(
      csvOf([
        '西企业,West ok,storage,rtsp://10.2.0.1/main,,,,udp,off',
        'ent-east,East not mine,storage,rtsp://10.2.0.2/main,,,,tcp,off',
      ]),
      west,
    );
    expect(report.rows.map((row) => [row.row, row.ok])).toEqual([
      [2, true],
      [3, false],
    ]);
  });

  it('a file without the required columns is refused as a whole', async () => {
    const [status, body] = await upload('name,url\nx,rtsp://10.0.0.1/\n');
    expect(status).toBe(400);
    expect(body.error?.message).toMatch(/missing: enterprise, stage/);
  });
});
