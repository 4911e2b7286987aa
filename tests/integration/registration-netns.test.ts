// Registration through the hub's API inside network namespaces: a multicast job and a swept range find every simulated device; one is registered.
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminCamera, DeviceReadResult, DiscoveryInput, DiscoveryJob } from '../../src/contracts/index.js';
import {
  createLab,
  firstJsonLine,
  netnsUnavailableReason,
  spawnInNs,
  startNetnsDevices,
  stopNetns,
  type NetnsLab,
} from '../support/netns.js';
import { assertAvailable, skipWhenMissing } from '../support/requirements.js';
import { tempDir } from '../support/temp-dir.js';

const HUB_SCRIPT = fileURLToPath(new URL('../support/netns-registration.ts', import.meta.url));
const DEVICES = ['d1', 'd2', 'd3'] as const;
const PASSWORD = 'ns-pass-123';

const unavailable = netnsUnavailableReason();

interface Outcome {
  job: DiscoveryJob;
  wrong: { status: number; body: { error: { message: string } } };
  read: DeviceReadResult;
  created: { status: number; camera: AdminCamera };
}

describe.skipIf(skipWhenMissing('netns', unavailable))('camera registration inside network namespaces', () => {
  let lab: NetnsLab | undefined;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    assertAvailable('netns', unavailable);
    // The hub at 10.213.0.1, devices at .21-.23, on one bridge in namespaces of their own.
    lab = await createLab(['hub', ...DEVICES], [1, 21, 22, 23]);
    await startNetnsDevices(
      lab,
      DEVICES,
      {
        picture: { width: 1920, height: 1080, bitrateKbps: 4000, sub: { width: 640, height: 360, bitrateKbps: 500 } },
        username: 'admin',
        password: PASSWORD,
        clockOffsetSeconds: -5400,
      },
      children,
    );
  });

  afterAll(async () => {
    await stopNetns(children, lab);
  });

  async function register(discovery: DiscoveryInput): Promise<Outcome> {
    const child = spawnInNs(lab!.members.hub!.ns, HUB_SCRIPT, [
      JSON.stringify({ dataDir: join(tempDir(), 'data'), discovery, username: 'admin', password: PASSWORD }),
    ]);
    children.push(child);
    return firstJsonLine<Outcome>(child, 60_000);
  }

  function expectRegistered(outcome: Outcome): void {
    expect(outcome.job.state).toBe('done');
    expect(outcome.job.devices.map((d) => d.deviceUrl).sort()).toEqual(
      DEVICES.map((name) => `http://${lab!.members[name]!.address}:8080/onvif/device_service`),
    );
    expect(outcome.wrong.status).toBe(400);
    expect(outcome.wrong.body.error.message).toMatch(/authentication failed/);
    expect(outcome.read.recommended).toEqual({ main: 'main', sub: 'sub' });
    expect(Math.abs(outcome.read.clockOffsetSeconds + 5400)).toBeLessThanOrEqual(2);
    expect(outcome.created.status).toBe(201);
    expect(outcome.created.camera).toMatchObject({ hasPassword: true, onvifUrl: outcome.job.devices[0]!.deviceUrl });
  }

  it('a multicast discovery job from the hub’s interface finds every device, and one is registered', async () => {
    expectRegistered(await register({ mode: 'multicast', interfaceAddress: lab!.members.hub!.address }));
  });

  it('a sweep of the range finds them too', async () => {
    const outcome = await register({ mode: 'sweep', hosts: '10.213.0.16-10.213.0.31' });
    expectRegistered(outcome);
    expect(outcome.job.progress).toEqual({ done: 16, total: 16 });
  });
});
