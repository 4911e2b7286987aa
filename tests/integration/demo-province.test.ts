// `npm run demo:province`: a center hub and two branch hubs on loopback, each with its own simulated cameras and
// nats-server; the center shows both branches' cameras, a branch inspector only its own, and Ctrl-C stops them all.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginCookie } from '../../scripts/lib/province.js';
import type { CameraList } from '../../src/contracts/index.js';
import { DEMO_PASSWORD } from '../../src/org/index.js';
import { projectRoot } from '../../src/version.js';
import { freePort } from '../support/net.js';
import { descendantsOf, isGone, waitFor, waitUntil } from '../support/processes.js';
import { assertAvailable, commandMissing, skipWhenMissing } from '../support/requirements.js';
import { tempDir } from '../support/temp-dir.js';

const natsMissing = commandMissing('nats-server', 'nats-server');

describe.skipIf(skipWhenMissing('nats-server', natsMissing))('the federated demo province', () => {
  let demo: ChildProcess;
  let output = '';
  let center = '';

  beforeAll(async () => {
    assertAvailable('nats-server', natsMissing);
    const port = await freePort();
    const script = join(projectRoot(), 'scripts', 'demo-province.ts');
    const args = ['--dir', tempDir(), '--port', String(port), '--leaf-port', '0', '--cameras', '2'];
    demo = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    demo.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    demo.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    if (!(await waitUntil(() => output.includes('Ctrl-C stops all three hubs'), 60_000, 100))) {
      throw new Error(`the demo did not start:\n${output}`);
    }
    center = /Center console: +(\S+)/.exec(output)?.[1]?.replace(/\/$/, '') ?? '';
  }, 90_000);

  afterAll(() => {
    if (demo.exitCode === null) demo.kill('SIGKILL');
  });

  const cameras = async (username: string): Promise<CameraList['cameras']> => {
    const cookie = await loginCookie(center, username, DEMO_PASSWORD);
    return ((await (await fetch(`${center}/api/cameras`, { headers: { cookie } })).json()) as CameraList).cameras;
  };

  it('prints the consoles and accounts, and the center shows both branches with their own cameras', async () => {
    expect(output).toContain(`Password of every demo account: "${DEMO_PASSWORD}"`);
    expect(output).toMatch(/东港分局 console: http:\/\/127\.0\.0\.1:\d+/);
    expect(await waitUntil(async () => (await cameras('center-operator')).length === 4, 30_000, 250)).toBe(true);
    const names = (await cameras('center-operator')).map((camera) => `${camera.id} ${camera.name}`).sort();
    expect(names).toEqual([
      'branch-donggang~demo-cam-01 原料进厂口',
      'branch-donggang~demo-cam-02 加工车间一线',
      'branch-xishan~demo-cam-01 分割车间',
      'branch-xishan~demo-cam-02 包装线',
    ]);
    expect((await cameras('xishan-inspector')).map((camera) => camera.id).sort()).toEqual([
      'branch-xishan~demo-cam-01',
      'branch-xishan~demo-cam-02',
    ]);
  });

  it('stops all three hubs and their nats-servers on SIGTERM', async () => {
    const started = descendantsOf(demo.pid as number);
    expect(started.filter((child) => child.command.includes('nats-server')).length).toBe(3);
    const exited = new Promise<number | null>((resolve) => demo.once('exit', resolve));
    demo.kill('SIGTERM');
    expect(await exited).toBe(0);
    await waitFor(() => started.every((child) => isGone(child.pid)), 10_000, 'the demo processes to end');
  });
});
