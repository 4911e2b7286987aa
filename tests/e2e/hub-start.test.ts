// The hub as a user starts it: its own process, the demo province, clean stops and clear start-up errors.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startHubProcess, type HubProcess } from '../../scripts/lib/hub-process.js';
import { descendantsOf, isAlive, waitUntil } from '../support/processes.js';
import { tempDir } from '../support/temp-dir.js';

async function login(base: string, username: string): Promise<string> {
  const response = await fetch(new URL('/api/auth/login', base), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'vigil-demo' }),
  });
  expect(response.status).toBe(200);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

// Each test starts the hub from source (bounded by startHubProcess at 60 s): room for that on a busy machine.
describe('the hub process', { timeout: 120_000 }, () => {
  const running: HubProcess[] = [];
  afterAll(() => {
    for (const hub of running) hub.child.kill('SIGKILL');
  });

  /** Starts the hub with its data under `dir`, reading `config` (YAML written to dir/vigil.yaml) or no config file. */
  function startIn(dir: string, config: string | undefined, env: NodeJS.ProcessEnv = {}): HubProcess {
    let configFile = '';
    if (config !== undefined) {
      configFile = join(dir, 'vigil.yaml');
      writeFileSync(configFile, config);
    }
    const hub = startHubProcess({ VIGIL_CONFIG: configFile, VIGIL_DATA_DIR: join(dir, 'data'), ...env });
    running.push(hub);
    return hub;
  }

  it('starts the demo, lists the eight cameras and the PTZ dome, and stops cleanly with no process left', async () => {
    const hub = startIn(tempDir(), 'server:\n  host: 127.0.0.1\n  port: 0\n  https:\n    port: 0\n');
    const { httpUrl, url } = await hub.ready;
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    expect(hub.output()).toMatch(/Administrator: admin \/ \S{16}/);
    expect(hub.output()).toContain('center-operator');

    const health = await (await fetch(new URL('/healthz', httpUrl))).json();
    expect(health).toMatchObject({ status: 'ok', cameras: { total: 9 } });

    expect((await fetch(new URL('/api/cameras', httpUrl))).status).toBe(401);
    const cookie = await login(httpUrl, 'center-operator');
    const { cameras } = await (await fetch(new URL('/api/cameras', httpUrl), { headers: { cookie } })).json();
    expect(cameras).toHaveLength(9);
    expect(new Set(cameras.map((camera: { stage: string }) => camera.stage)).size).toBeGreaterThanOrEqual(5);

    // The demo's case, locked from the first start on.
    const { cases } = await (await fetch(new URL('/api/cases', httpUrl), { headers: { cookie } })).json();
    expect(cases).toMatchObject([{ state: 'locked', itemCount: 1, title: '演示案件：原料进厂检验记录缺失' }]);

    const branchCookie = await login(httpUrl, 'donggang-inspector');
    const branch = await (await fetch(new URL('/api/cameras', httpUrl), { headers: { cookie: branchCookie } })).json();
    expect(branch.cameras).toHaveLength(5);

    const children = descendantsOf(hub.child.pid ?? 0);
    hub.child.kill('SIGTERM');
    expect(await hub.exited).toBe(0);
    expect(await waitUntil(() => children.every((child) => !isAlive(child.pid)), 5_000)).toBe(true);
  });

  it('leaves no ffmpeg behind when the hub is killed with SIGKILL', async () => {
    const hub = startIn(
      tempDir(),
      // ffmpeg, not the native engine: the ingest ffmpegs are what must not outlive the hub.
      'server:\n  host: 127.0.0.1\n  port: 0\n  https:\n    enabled: false\ndemo:\n  cameras: 2\ningest:\n  engine: ffmpeg\n',
    );
    await hub.ready;
    const pid = hub.child.pid ?? 0;
    // Two recorded demo cameras: two ingest ffmpeg and two simulated encoders.
    expect(
      await waitUntil(() => descendantsOf(pid).filter((child) => /ffmpeg/.test(child.command)).length >= 4, 20_000),
    ).toBe(true);
    const children = descendantsOf(pid).filter((child) => /ffmpeg/.test(child.command));
    hub.child.kill('SIGKILL');
    await hub.exited;
    expect(await waitUntil(() => children.every((child) => !isAlive(child.pid)), 3_000)).toBe(true);
  });

  it('refuses a config with an unknown key, naming it, with exit code 78', async () => {
    const hub = startIn(tempDir(), 'server:\n  prot: 8080\n');
    expect(await hub.exited).toBe(78);
    expect(hub.output()).toContain('server.prot: unknown key');
  });

  it('refuses a wrong type from the environment, naming the key', async () => {
    const hub = startIn(tempDir(), undefined, { VIGIL_PORT: 'eighty' });
    expect(await hub.exited).toBe(78);
    expect(hub.output()).toContain('server.port: expected a number');
  });

  it('says which data directory cannot be written', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'occupied'), 'a file');
    const hub = startIn(dir, undefined, { VIGIL_DATA_DIR: join(dir, 'occupied', 'data'), VIGIL_PORT: '0' });
    expect(await hub.exited).toBe(1);
    expect(hub.output()).toMatch(/data directory .*occupied\/data cannot be written/);
  });
});
