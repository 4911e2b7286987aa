// WS-Discovery over real multicast, only inside network namespaces this test creates: 3 simulated devices and a probing client on a private bridge.
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscoveryResult } from '../../src/onvif/index.js';
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

const DISCOVERY_CLI = fileURLToPath(new URL('../../src/onvif/cli.ts', import.meta.url));
const DEVICES = ['d1', 'd2', 'd3'] as const;

const unavailable = netnsUnavailableReason();

interface Ready {
  httpPort: number;
  endpointReference: string;
}

describe.skipIf(skipWhenMissing('netns', unavailable))('ONVIF discovery inside network namespaces', () => {
  let lab: NetnsLab | undefined;
  const children: ChildProcess[] = [];
  const ready = new Map<string, Ready>();

  beforeAll(async () => {
    assertAvailable('netns', unavailable);
    // Client at 10.213.0.1, devices at .11-.13, all on one bridge in a namespace of their own.
    lab = await createLab(['client', ...DEVICES], [1, 11, 12, 13]);
    const started = await startNetnsDevices(
      lab,
      DEVICES,
      {
        picture: { width: 1280, height: 720, bitrateKbps: 2000, sub: false },
        username: 'admin',
        password: 'admin123',
      },
      children,
    );
    for (const [name, line] of started) ready.set(name, line);
  });

  afterAll(async () => {
    await stopNetns(children, lab);
  });

  async function discover(args: string[]): Promise<DiscoveryResult & { elapsedMs: number }> {
    const child = spawnInNs(lab!.members.client!.ns, DISCOVERY_CLI, args);
    children.push(child);
    return firstJsonLine(child, 30_000);
  }

  function expectAllDevices(result: DiscoveryResult): void {
    const found = new Map(result.devices.map((d) => [d.endpointReference, d]));
    expect(found.size).toBe(DEVICES.length);
    for (const name of DEVICES) {
      const device = found.get(ready.get(name)!.endpointReference);
      const address = lab!.members[name]!.address;
      expect(device).toMatchObject({
        address,
        deviceUrl: `http://${address}:8080/onvif/device_service`,
        name: `Line ${name}`,
        hardware: 'VIGIL-SIM',
        location: 'simulator',
      });
    }
  }

  it('a multicast probe from the client namespace finds every device', async () => {
    const result = await discover(['multicast', lab!.members.client!.address, '1500']);
    expectAllDevices(result);
    expect(result.elapsedMs).toBeLessThan(3000);
  });

  it('a unicast sweep of 10.213.0.0/28 finds them too', async () => {
    const result = await discover(['unicast', '10.213.0.0/28', '3702', '1000']);
    expectAllDevices(result);
    expect(result.elapsedMs).toBeLessThan(4000);
  });
});
