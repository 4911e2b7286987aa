// What is reachable without a session, in a real hub: logins and anonymous requests are held to a rate per address
// (429 with Retry-After), and a loop of failed logins is one event and one summary with the count.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/version.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggedEvents } from '../support/recordings.js';
import { startTestHub, TEST_PASSWORD, type TestHub } from '../support/test-hub.js';

describe('limits on what needs no session', () => {
  let t: TestHub;
  let stopped = false;
  let session = '';

  beforeAll(async () => {
    t = await startTestHub([], {
      rateLimit: { login: { burst: 4, perMinute: 6 }, anonymous: { burst: 20, perMinute: 60 } },
    });
  });

  afterAll(async () => {
    if (!stopped) await t?.hub.stop();
  });

  const login = (username: string, password: string): Promise<Response> =>
    t.send('POST', '/api/auth/login', undefined, { username, password });

  it('limits login attempts per address, writes the first failure at once and counts the rest', async () => {
    const first = await login('east-insp', TEST_PASSWORD);
    expect(first.status).toBe(200);
    session = (first.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await login('west-insp', `Wrong-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await login('west-insp', TEST_PASSWORD);
    expect(limited.status).toBe(429);
    // One token every 10 s; part of one may have come back while the hashes were checked.
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(10);
    const body = (await limited.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('VIGIL_RATE_LIMITED');
    expect(body.error.message).toMatch(
      /^Too many login attempts from this address \(at most 4 at once, then 6 a minute\)/,
    );
    const failed = loggedEvents(t.dataDir, 'audit.login.failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.data).toMatchObject({ username: 'west-insp', reason: 'bad_password' });
  });

  it('limits requests without a session, not those with one', async () => {
    let status = 200;
    let count = 0;
    let last: Response | undefined;
    while (status !== 429 && count < 40) {
      last = await t.get('/api/auth/me');
      status = last.status;
      count++;
    }
    expect(status).toBe(429);
    expect(count).toBeLessThanOrEqual(20);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await t.get('/api/auth/me')).status).toBe(429);
    expect((await t.get('/api/auth/me', session)).status).toBe(200);
    // Health probes are never limited, nor the console's own files: the limited address still reaches the login page.
    expect((await t.get('/healthz')).status).toBe(200);
    const index = readFileSync(join(projectRoot(), 'dist', 'web', 'index.html'), 'utf8');
    const asset = /(\/assets\/[^"]+\.js)"/.exec(index)?.[1] ?? '';
    expect((await t.get(asset)).status).toBe(200);
    expect((await t.get('/api/auth/me')).status).toBe(429);
  });

  it('writes the failures still counted as one summary when the hub stops', async () => {
    await t.hub.stop();
    stopped = true;
    const failed = loggedEvents(t.dataDir, 'audit.login.failed');
    expect(failed).toHaveLength(2);
    expect(failed[1]?.data).toMatchObject({ username: 'west-insp', count: 2 });
    expect((failed[1]?.data.coalesced as { facets: unknown }).facets).toEqual({
      username: { 'west-insp': 2 },
      address: { [failed[0]?.ip ?? '']: 2 },
    });
  });
});
