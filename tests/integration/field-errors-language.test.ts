// Field problems of a bad request in the console's language: Chinese for a console in zh-CN (`X-Vigil-Language`),
// English otherwise; a check of our own keeps its words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/test-hub.js';

describe('field problems in the console language', () => {
  let t: TestHub;
  let admin: string;

  beforeAll(async () => {
    t = await startTestHub([
      {
        id: 'dock',
        name: 'Dock',
        stage: 'packaging',
        enterprise: 'east',
        mainUrl: 'rtsp://127.0.0.1:9/x',
        recordMode: 'off',
      },
    ]);
    admin = await t.login('center-admin');
  });

  afterAll(async () => {
    await t?.hub.stop();
  });

  const problems = async (
    language?: string,
    path = '/api/admin/enterprises',
    body: unknown = { orgUnitId: 'east' },
  ) => {
    const response = await fetch(t.base + path, {
      method: 'POST',
      headers: {
        cookie: admin,
        'content-type': 'application/json',
        ...(language ? { 'x-vigil-language': language } : {}),
      },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
    return ((await response.json()) as { error: { details: Array<{ path: string; message: string }> } }).error.details;
  };

  it('words them in Chinese for a console in zh-CN, in English for anyone else', async () => {
    const zh = await problems('zh-CN');
    const en = await problems();
    expect(zh.map((detail) => detail.path)).toEqual(en.map((detail) => detail.path));
    expect(zh.find((detail) => detail.path === 'name')?.message).toMatch(/[\u4e00-\u9fff]/);
    expect(en.find((detail) => detail.path === 'name')?.message).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it("keeps a check's own words, and words the playback routes' problems the same way", async () => {
    const response = await fetch(`${t.base}/playback/dock/ranges?from=yesterday&to=5`, {
      headers: { cookie: admin, 'x-vigil-language': 'zh-CN' },
    });
    expect(response.status).toBe(400);
    const { details } = ((await response.json()) as { error: { details: Array<{ path: string; message: string }> } })
      .error;
    expect(details.find((detail) => detail.path === 'from')?.message).toBe(
      '"yesterday" is neither an ISO 8601 time nor epoch milliseconds',
    );
  });
});
