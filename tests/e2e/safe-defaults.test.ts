// Safe defaults of a started hub, seen from another machine (a network namespace): loopback only while demo accounts
// keep the published password, the configured host otherwise, demo accounts deleted when the demo is off, and
// plain HTTP from other machines redirected to HTTPS.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubProcess, type HubProcess } from '../../scripts/lib/hub-process.js';
import { createLab, netnsUnavailableReason, type NetnsLab } from '../support/netns.js';
import { tempDir } from '../support/temp-dir.js';

const run = promisify(execFile);
const unavailable = netnsUnavailableReason();
const NEW_PASSWORD = 'Inspector-pass-9';

interface Answer {
  status: number;
  location: string;
}

describe.skipIf(unavailable !== undefined)('safe defaults of a started hub', () => {
  let lab: NetnsLab;
  let hubNs: string;
  let clientNs: string;
  let hubAddress: string;
  const dir = tempDir();
  const running: HubProcess[] = [];

  /** An HTTP request made by curl inside a namespace; status 0 when nothing answers. */
  async function curl(ns: string, url: string, ...extra: string[]): Promise<Answer> {
    const args = ['netns', 'exec', ns, 'curl', '-sk', '-o', '/dev/null', '--max-time', '5'];
    const format = ['-w', '%{http_code} %{redirect_url}'];
    const { stdout } = await run('ip', [...args, ...format, ...extra, url]).catch((error: { stdout?: string }) => ({
      stdout: error.stdout ?? '000 ',
    }));
    const [status, location = ''] = stdout.trim().split(' ');
    return { status: Number(status), location };
  }

  /** A login, as seen by the hub's own machine (loopback inside its namespace). */
  const login = (port: number, username: string, password: string, jar = join(dir, `${username}.jar`)) =>
    curl(
      hubNs,
      `http://127.0.0.1:${port}/api/auth/login`,
      '-c',
      jar,
      '-H',
      'content-type: application/json',
      '-d',
      JSON.stringify({ username, password }),
    );

  /** Starts the hub in its namespace on the shared data directory with this YAML config; resolves with its ports. */
  async function start(config: string): Promise<{ hub: HubProcess; http: number; https: number }> {
    const file = join(dir, `vigil-${running.length}.yaml`);
    writeFileSync(file, config);
    const env = { VIGIL_CONFIG: file, VIGIL_DATA_DIR: join(dir, 'data'), VIGIL_ADMIN_PASSWORD: 'admin-password-1' };
    const hub = startHubProcess(env, 90_000, { netns: hubNs });
    running.push(hub);
    const { url, httpUrl } = await hub.ready;
    return { hub, http: Number(new URL(httpUrl).port), https: Number(new URL(url).port) };
  }

  async function stop(hub: HubProcess): Promise<void> {
    hub.child.kill('SIGTERM');
    expect(await hub.exited).toBe(0);
  }

  beforeAll(async () => {
    lab = await createLab(['hub', 'client']);
    ({ ns: hubNs, address: hubAddress } = lab.members.hub!);
    clientNs = lab.members.client!.ns;
  });

  afterAll(async () => {
    for (const hub of running) if (hub.child.exitCode === null) hub.child.kill('SIGKILL');
    await Promise.all(running.map((hub) => hub.exited));
    await lab?.destroy();
  });

  const DEMO = 'demo:\n  cameras: 1\n';
  const PORTS = 'server:\n  port: 0\n  https:\n    port: 0\n';

  it('listens on loopback only while demo accounts keep the published password, and says so', async () => {
    const { hub, http, https } = await start(`${DEMO}${PORTS}`);
    expect(hub.output()).toContain('Listening on 127.0.0.1 only: the demo accounts still have the published password');
    expect(hub.output()).toMatch(/"msg":"listening on 127\.0\.0\.1 only while demo accounts/);
    expect((await curl(hubNs, `http://127.0.0.1:${http}/healthz`)).status).toBe(200);
    expect((await curl(clientNs, `http://${hubAddress}:${http}/healthz`)).status).toBe(0);
    expect((await curl(clientNs, `https://${hubAddress}:${https}/healthz`)).status).toBe(0);
    await stop(hub);
  });

  it('listens where the config says, and redirects plain HTTP from other machines to HTTPS', async () => {
    const { hub, http, https } = await start(
      `${DEMO}server:\n  host: ${hubAddress}\n  port: 0\n  https:\n    port: 0\n`,
    );
    expect(hub.output()).toMatch(/demo accounts with the published password .* can log in from every address/);
    const redirected = await curl(clientNs, `http://${hubAddress}:${http}/api/cameras?x=1`);
    expect(redirected).toEqual({ status: 308, location: `https://${hubAddress}:${https}/api/cameras?x=1` });
    // A path that looks like another host stays a path here; a malformed Host falls back to the address reached.
    const sneaky = await curl(clientNs, `http://${hubAddress}:${http}//elsewhere.example/x`, '--path-as-is');
    expect(sneaky.location).toBe(`https://${hubAddress}:${https}//elsewhere.example/x`);
    const malformed = await curl(clientNs, `http://${hubAddress}:${http}/healthz`, '-H', 'Host: a b');
    expect(malformed).toEqual({ status: 308, location: `https://${hubAddress}:${https}/healthz` });
    expect((await curl(clientNs, `https://${hubAddress}:${https}/healthz`)).status).toBe(200);
    // Only the named address: nothing on the hub's own loopback.
    expect((await curl(hubNs, `http://127.0.0.1:${http}/healthz`)).status).toBe(0);
    // One demo account gets its own password before the demo is turned off.
    const jar = join(dir, 'changer.jar');
    const changer = (url: string) =>
      curl(
        clientNs,
        url,
        '-c',
        jar,
        '-b',
        jar,
        '-H',
        'content-type: application/json',
        '-d',
        JSON.stringify({ username: 'center-inspector', password: 'vigil-demo' }),
      );
    expect((await changer(`https://${hubAddress}:${https}/api/auth/login`)).status).toBe(200);
    const changed = await curl(
      clientNs,
      `https://${hubAddress}:${https}/api/auth/password`,
      '-b',
      jar,
      '-H',
      'content-type: application/json',
      '-d',
      JSON.stringify({ oldPassword: 'vigil-demo', newPassword: NEW_PASSWORD }),
    );
    expect(changed.status).toBe(204);
    await stop(hub);
  });

  it('deletes the demo accounts that keep the published password when the demo is off; redirects can be turned off', async () => {
    const { hub, http } = await start(`demo:\n  enabled: false\n${PORTS}    redirectHttp: false\n`);
    expect(hub.output()).toMatch(/the demo is off: deleted the demo accounts with the published password/);
    expect(hub.output()).not.toContain('Demo accounts (password');
    expect((await login(http, 'center-operator', 'vigil-demo')).status).toBe(401);
    expect((await login(http, 'center-inspector', NEW_PASSWORD)).status).toBe(200);
    // No published password left: every interface, and plain HTTP answers other machines itself.
    expect((await curl(clientNs, `http://${hubAddress}:${http}/healthz`)).status).toBe(200);
    await stop(hub);
  });
});
