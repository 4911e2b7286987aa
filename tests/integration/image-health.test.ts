// Camera image health over the hub's API on a simulated camera (real ffmpeg, real stills, real SQLite): normal
// pictures pass at several moments (testsrc2 moves, its clock ticks), then the lens is blurred, covered, capped and
// the camera turned away from the reference an admin chose, each flagged with its event; every door in scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraImageHealth, ImageCheck, ImageProblemList } from '../../src/contracts/index.js';
import { resolveFfmpeg } from '../../src/ffmpeg/index.js';
import { CameraSimulator, type PictureFault } from '../../src/simulator/index.js';
import { waitUntil } from '../support/processes.js';
import { simulatedCamera } from '../support/simulated-camera.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const USERS = ['center-op', 'center-admin', 'east-insp', 'west-insp', 'east-ent'] as const;
type User = (typeof USERS)[number];

describe('camera image health through the hub', () => {
  let simulator: CameraSimulator;
  let hub: TestHub;
  const cookies = new Map<User, string>();

  beforeAll(async () => {
    const ffmpeg = await resolveFfmpeg({ only: 'path' });
    // The simulator's burned-in name and clock are on: a camera's own text stays sharp over a fault of the lens.
    const lens = simulatedCamera('lens', { width: 640, height: 360, fps: 10, bitrateKbps: 600 });
    simulator = new CameraSimulator({ cameras: [lens], ffmpegPath: ffmpeg.path });
    await simulator.start();
    hub = await startTestHub([
      { id: 'cam-east', name: '东企业加工', stage: 'processing', mainUrl: simulator.url('lens') },
      { id: 'cam-dark', name: '东企业仓库', stage: 'storage', mainUrl: 'rtsp://127.0.0.1:9/none', recordMode: 'off' },
    ]);
    for (const user of USERS) cookies.set(user, await hub.login(user));
  }, 60_000);

  afterAll(async () => {
    await hub?.hub.stop();
    await simulator?.stop();
  });

  const call = (method: string, path: string, user: User | undefined) =>
    hub.send(method, `/api${path}`, user && cookies.get(user));
  const check = async (user: User = 'east-insp'): Promise<ImageCheck> => {
    const response = await call('POST', '/cameras/cam-east/image-health/check', user);
    expect(response.status).toBe(200);
    return (await response.json()) as ImageCheck;
  };
  /** Checks until `count` different pictures were judged (a still is reused for a few seconds), every one `verdict`. */
  const distinctChecks = async (count: number, verdict: string): Promise<ImageCheck[]> => {
    const seen = new Map<string, ImageCheck>();
    const done = await waitUntil(
      async () => {
        const result = await check();
        expect(result.verdict, JSON.stringify(result.metrics)).toBe(verdict);
        seen.set(JSON.stringify(result.metrics), result);
        return seen.size >= count;
      },
      30_000,
      500,
    );
    expect(done).toBe(true);
    return [...seen.values()];
  };
  const eventsOf = async (type: string): Promise<unknown[]> =>
    (await (await call('GET', `/events?type=${type}&cameraId=cam-east`, 'center-admin')).json()).events;

  it('passes the normal picture at several moments, before any reference (no re-aim is judged then)', async () => {
    const checks = await distinctChecks(3, 'ok');
    for (const { metrics } of checks) expect(metrics.similarity).toBeUndefined();
    console.log('normal (no reference)', checks.map((c) => JSON.stringify(c.metrics)).join(' '));
  });

  it('lets only an admin in scope choose the reference, then passes normal pictures that match it', async () => {
    const path = '/cameras/cam-east/image-health/reference';
    expect((await call('PUT', path, 'center-op')).status).toBe(403);
    expect((await call('PUT', path, 'east-ent')).status).toBe(403);
    expect((await call('PUT', path, 'west-insp')).status).toBe(404);
    expect((await call('PUT', path, undefined)).status).toBe(401);
    const taken = await call('PUT', path, 'center-admin');
    expect(taken.status).toBe(200);
    expect(await taken.json()).toMatchObject({ cameraId: 'cam-east', takenBy: 'center-admin' });
    const picture = await call('GET', `${path}.jpg`, 'east-ent');
    expect(picture.headers.get('content-type')).toBe('image/jpeg');
    expect((await call('GET', `${path}.jpg`, 'west-insp')).status).toBe(404);
    const checks = await distinctChecks(3, 'ok');
    for (const { metrics } of checks) expect(metrics.similarity).toBeGreaterThan(0.8);
    console.log('normal (with reference)', checks.map((c) => JSON.stringify(c.metrics)).join(' '));
  });

  it.each<PictureFault>(['blurred', 'covered', 'black', 'shifted'])(
    'flags a %s picture and publishes its event',
    async (fault) => {
      await simulator.setPicture('lens', fault);
      let last: ImageCheck | undefined;
      await waitUntil(async () => (last = await check()).verdict === fault, 30_000, 500);
      expect(last?.verdict, JSON.stringify(last?.metrics)).toBe(fault);
      console.log(fault, JSON.stringify(last?.metrics));
      expect(await eventsOf(`camera.image.${fault}`)).toEqual([
        expect.objectContaining({ severity: 'warning', data: expect.objectContaining({ trigger: 'on_demand' }) }),
      ]);
    },
  );

  it('lists the scope’s cameras with a problem: the owning branch and enterprise see it, another branch not', async () => {
    const list = async (user: User, query = ''): Promise<ImageProblemList> =>
      (await (await call('GET', `/image-health${query}`, user)).json()) as ImageProblemList;
    expect((await list('east-insp')).cameras).toEqual([
      expect.objectContaining({ cameraId: 'cam-east', verdict: 'shifted', cameraName: '东企业加工' }),
    ]);
    expect((await list('east-ent', '?verdict=shifted,black')).cameras).toHaveLength(1);
    expect((await list('center-op', '?verdict=ok')).cameras).toEqual([]);
    expect((await list('west-insp')).cameras).toEqual([]);
    expect((await call('GET', '/image-health?verdict=purple', 'east-insp')).status).toBe(400);
    expect((await call('GET', '/image-health', undefined)).status).toBe(401);
  });

  it('says once that the picture is back to normal', async () => {
    await simulator.setPicture('lens', 'normal');
    await waitUntil(async () => (await check()).verdict === 'ok', 30_000, 500);
    await distinctChecks(2, 'ok');
    expect(await eventsOf('camera.image.ok')).toHaveLength(1);
  });

  it('reads a camera’s checks in scope (the enterprise its own), checks on demand for the agency only', async () => {
    const read = await call('GET', '/cameras/cam-east/image-health?limit=3', 'east-ent');
    expect(read.status).toBe(200);
    const health = (await read.json()) as CameraImageHealth;
    expect(health.history).toHaveLength(3);
    expect(health.latest).toEqual(health.history[0]);
    expect(health.reference).toMatchObject({ takenBy: 'center-admin' });
    expect((await call('GET', '/cameras/cam-east/image-health', 'west-insp')).status).toBe(404);
    expect((await call('POST', '/cameras/cam-east/image-health/check', 'west-insp')).status).toBe(404);
    expect((await call('POST', '/cameras/cam-east/image-health/check', 'east-ent')).status).toBe(403);
    expect((await call('POST', '/cameras/cam-east/image-health/check', undefined)).status).toBe(401);
    expect((await call('POST', '/cameras/cam-nope/image-health/check', 'center-op')).status).toBe(404);
  });

  it('judges a camera that gives no picture unavailable, without an event, and refuses it as a reference', async () => {
    const result = await call('POST', '/cameras/cam-dark/image-health/check', 'center-op');
    expect(await result.json()).toMatchObject({ verdict: 'unavailable', metrics: {} });
    expect((await call('PUT', '/cameras/cam-dark/image-health/reference', 'center-admin')).status).toBe(503);
    const events = await (await call('GET', '/events?type=camera.image.&cameraId=cam-dark', 'center-admin')).json();
    expect(events.events).toEqual([]);
  });
});
