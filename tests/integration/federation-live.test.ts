// Live view of a branch camera at the center over real nats-servers on loopback: one lease and one WAN stream for
// any number of center viewers, released after the linger, and stopped by the branch when renewals stop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraSimulator } from '../../src/simulator/index.js';
import { smallLoopSimulator } from '../support/branch-cameras.js';
import { waitUntil } from '../support/processes.js';
import { loggedEvents } from '../support/recordings.js';
import { assertAvailable, commandMissing, skipWhenMissing } from '../support/requirements.js';
import { natsPidOf, startFederatedPair, type FederatedPair } from '../support/federation.js';
import type { TestHub } from '../support/test-hub.js';

const LEASE_SECONDS = 3;
const LINGER_SECONDS = 2;
const natsMissing = commandMissing('nats-server', 'nats-server');

describe.skipIf(skipWhenMissing('nats-server', natsMissing))('federation: live view of a branch camera', () => {
  let sim: CameraSimulator;
  let pair: FederatedPair;
  let center: TestHub;
  let branch: TestHub;
  const playlist = '/live/east~cam-a/sub/index.m3u8';

  const leases = () => branch.hub.federation?.outgoingStreams ?? -1;
  const opened = () => loggedEvents(branch.dataDir, 'audit.live.remote');

  beforeAll(async () => {
    assertAvailable('nats-server', natsMissing);
    sim = await smallLoopSimulator(1);
    pair = await startFederatedPair(
      [
        {
          id: 'cam-a',
          name: '原料进厂口',
          stage: 'raw_material_intake',
          enterprise: 'east',
          mainUrl: sim.url('cam01', 'main'),
          subUrl: sim.url('cam01', 'sub'),
          recordMode: 'off',
        },
      ],
      { leaseSeconds: LEASE_SECONDS, lingerSeconds: LINGER_SECONDS },
    );
    ({ center, branch } = pair);
    const operator = await center.login('center-op');
    const listed = async () =>
      ((await (await center.get('/api/cameras/east~cam-a', operator)).json()) as { live: unknown }).live !== null;
    expect(await waitUntil(listed, 15_000, 100)).toBe(true);
  });

  afterAll(async () => {
    await pair?.stop();
    await sim?.stop();
  });

  /** Polls the playlist until it lists parts; resolves with its text. */
  const playing = async (cookie: string): Promise<string> => {
    let text = '';
    await waitUntil(
      async () => {
        const response = await center.get(playlist, cookie);
        text = await response.text();
        return response.status === 200 && text.includes('#EXT-X-PART:');
      },
      20_000,
      200,
    );
    return text;
  };

  it('plays at the center through one lease, however many viewers open it at once', async () => {
    // Ten viewers, each with its own session (logins one after another: password checks are bounded).
    const cookies: string[] = [];
    for (let viewer = 0; viewer < 10; viewer += 1) cookies.push(await center.login('center-op'));
    // Twenty opens within a few milliseconds: one request reaches the branch.
    await Promise.all([...cookies, ...cookies].map((cookie) => center.get(playlist, cookie)));
    const texts = await Promise.all(cookies.map((cookie) => playing(cookie)));
    for (const text of texts) expect(text).toContain('#EXT-X-PART:');
    expect(leases()).toBe(1);
    expect(opened()).toHaveLength(1);
    expect(opened()[0]?.cameraId).toBe('cam-a');
    // The init segment the center serves is the branch camera's own (no transcode): 256×144 H.264.
    const init = /#EXT-X-MAP:URI="([^"]+)"/.exec(texts[0] ?? '')?.[1] ?? '';
    const initResponse = await center.get(`/live/east~cam-a/sub/${init}`, cookies[0]);
    expect(initResponse.status).toBe(200);
    expect(Buffer.from(await initResponse.arrayBuffer()).includes(Buffer.from('avc1'))).toBe(true);
  });

  it('releases the WAN stream after the last viewer leaves, within the linger and a sweep', async () => {
    const cookie = await center.login('center-op');
    await playing(cookie);
    expect(await waitUntil(() => leases() === 1, 5_000)).toBe(true);
    const left = Date.now();
    // Nobody asks any more: the viewer idle delay (the linger) passes, then the lease is closed.
    expect(await waitUntil(() => leases() === 0, (LINGER_SECONDS + 4) * 1000, 100)).toBe(true);
    console.info(`released ${Date.now() - left} ms after the last request (linger ${LINGER_SECONDS} s)`);
  });

  it('stops sending at the branch by itself when the center stops renewing', async () => {
    const cookie = await center.login('center-op');
    await playing(cookie);
    expect(await waitUntil(() => leases() === 1, 5_000)).toBe(true);
    // The center's server freezes (as a crashed center would): no renewal reaches the branch any more.
    const pid = natsPidOf(center);
    process.kill(pid, 'SIGSTOP');
    const frozen = Date.now();
    try {
      expect(await waitUntil(() => leases() === 0, (LEASE_SECONDS + 2) * 1000, 100)).toBe(true);
      console.info(`branch stopped ${Date.now() - frozen} ms after the last renewal could arrive`);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    expect(loggedEvents(branch.dataDir, 'federation.lease.expired').length).toBeGreaterThan(0);
  });
});
