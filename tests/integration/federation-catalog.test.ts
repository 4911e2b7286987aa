// Federation over real nats-servers on loopback: a center hub and a branch hub, each with its own embedded server,
// the branch dialling out as a leaf node. Catalog within seconds, stale while away, events exactly once, in order.
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraList, CameraStatusMessage, FederationLinkView } from '../../src/contracts/index.js';
import { waitUntil } from '../support/processes.js';
import { connectRecordingSocket } from '../support/socket-client.js';
import { loggedEvents } from '../support/recordings.js';
import { assertAvailable, commandMissing, skipWhenMissing } from '../support/requirements.js';
import { BRANCH_PASSWORDS, natsPidOf, startFederatedPair, type FederatedPair } from '../support/federation.js';
import type { TestHub } from '../support/test-hub.js';

const natsMissing = commandMissing('nats-server', 'nats-server');

describe.skipIf(skipWhenMissing('nats-server', natsMissing))(
  'federation: a branch hub under a center hub over NATS',
  () => {
    let pair: FederatedPair;
    let center: TestHub;
    let branch: TestHub;
    let centerOp: string;
    let branchAdmin: string;

    const centerCameras = async (cookie = centerOp): Promise<CameraList['cameras']> =>
      ((await (await center.get('/api/cameras', cookie)).json()) as CameraList).cameras;

    beforeAll(async () => {
      assertAvailable('nats-server', natsMissing);
      pair = await startFederatedPair([
        { id: 'cam-a', name: '原料进厂口', stage: 'raw_material_intake', enterprise: 'east', mainUrl: null },
      ]);
      ({ center, branch } = pair);
      centerOp = await center.login('center-op');
      branchAdmin = await branch.login('center-admin');
    });

    afterAll(async () => {
      await pair?.stop();
    });

    it("shows the branch's cameras at the center, and a camera added at the branch within 5 s", async () => {
      expect(await waitUntil(async () => (await centerCameras()).some((c) => c.id === 'east~cam-a'), 10_000)).toBe(
        true,
      );
      const mirrored = (await centerCameras()).find((camera) => camera.id === 'east~cam-a');
      expect(mirrored).toMatchObject({
        name: '原料进厂口',
        orgUnitId: 'east',
        remote: { branchId: 'east', stale: false },
      });

      const started = Date.now();
      const added = await branch.send('POST', '/api/admin/cameras', branchAdmin, {
        enterpriseId: 'ent-east',
        name: '包装车间',
        stage: 'packaging',
        mainUrl: 'rtsp://127.0.0.1:9/none',
        recordMode: 'off',
      });
      expect(added.status).toBe(201);
      const { id } = (await added.json()) as { id: string };
      expect(await waitUntil(async () => (await centerCameras()).some((c) => c.id === `east~${id}`), 5_000, 50)).toBe(
        true,
      );
      console.info(`catalog change reached the center in ${Date.now() - started} ms`);
    });

    it('keeps scope at the center: a west inspector sees none of the east branch, an east inspector sees it', async () => {
      const linksOf = async (cookie: string) =>
        ((await (await center.get('/api/federation/links', cookie)).json()) as { links: FederationLinkView[] }).links;
      expect((await linksOf(centerOp)).map((link) => [link.branchId, link.state, link.cameras])).toEqual([
        ['east', 'up', 2],
        ['west', 'down', 0],
      ]);
      expect((await linksOf(await center.login('east-insp'))).map((link) => link.branchId)).toEqual(['east']);
      const metrics = await (await center.get('/metrics')).text();
      expect(metrics).toContain('vigil_federation_link_up{branch="east"} 1');
      expect(metrics).toContain('vigil_federation_link_up{branch="west"} 0');
      expect(metrics).toContain('vigil_federation_link_budget_bits_per_second{branch="east"} 1500000');
      const west = await centerCameras(await center.login('west-insp'));
      expect(west.filter((camera) => camera.remote?.branchId === 'east')).toEqual([]);
      const east = await centerCameras(await center.login('east-insp'));
      expect(east.some((camera) => camera.id === 'east~cam-a')).toBe(true);
      // The center shows a branch camera; it does not change it.
      const admin = await center.login('center-admin');
      const edit = await center.send('PATCH', '/api/admin/cameras/east~cam-a', admin, { name: 'renamed' });
      expect(edit.status).toBe(409);
    });

    it('marks the branch stale while its server is away, loses no event meanwhile, and is whole afterwards', async () => {
      // An open console at the center hears its status dots change, without reloading.
      const watcher = await connectRecordingSocket(center.base, await center.login('center-op'));
      const heard = (check: (message: CameraStatusMessage) => boolean) =>
        watcher.statuses.some((message) => message.cameraId === 'east~cam-a' && check(message));
      const pid = natsPidOf(branch);
      process.kill(pid, 'SIGSTOP');
      try {
        expect(
          await waitUntil(async () => (await centerCameras()).every((c) => !c.remote || c.remote.stale), 6_000, 100),
        ).toBe(true);
        const stale = (await centerCameras()).find((camera) => camera.id === 'east~cam-a');
        expect(stale?.status).toBe('offline');
        expect(stale?.statusReason).toContain('unreachable');
        expect(stale?.statusReasonCode).toBe('branch_unreachable');
        const offline = (message: CameraStatusMessage) =>
          message.status === 'offline' && message.reasonCode === 'branch_unreachable';
        expect(await waitUntil(() => heard(offline), 2_000, 50)).toBe(true);
        // While away, the branch goes on: its admin adds enterprises (each one an audited event).
        for (let index = 0; index < 5; index += 1) {
          const made = await branch.send('POST', '/api/admin/enterprises', branchAdmin, {
            orgUnitId: 'east',
            name: `离线企业${index}`,
            creditGrade: 'B',
          });
          expect(made.status).toBe(201);
        }
      } finally {
        process.kill(pid, 'SIGCONT');
      }
      const branchEvents = loggedEvents(branch.dataDir, 'audit.admin.enterprise.created').map((event) => event.id);
      expect(branchEvents).toHaveLength(5);
      const arrived = () =>
        loggedEvents(center.dataDir, 'audit.admin.enterprise.created').filter((event) => event.orgUnitId === 'east');
      expect(await waitUntil(() => arrived().length >= 5, 15_000, 100)).toBe(true);
      // Exactly once, in the branch's order.
      expect(arrived().map((event) => event.message)).toEqual(
        loggedEvents(branch.dataDir, 'audit.admin.enterprise.created').map((event) => event.message),
      );
      expect(await waitUntil(async () => (await centerCameras()).every((c) => !c.remote?.stale), 6_000)).toBe(true);
      const ids = (await centerCameras()).map((camera) => camera.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.filter((id) => id.startsWith('east~'))).toHaveLength(2);
      expect(await waitUntil(() => heard((message) => !/unreachable/.test(message.reason ?? '')), 6_000, 50)).toBe(
        true,
      );
      watcher.close();
    });

    it('lets a branch publish only on its own subjects', async () => {
      const port = center.info.nats?.client as number;
      const watcher = await connect({ servers: `127.0.0.1:${port}`, user: 'east', pass: BRANCH_PASSWORDS.east });
      const seen: string[] = [];
      watcher.subscribe('vigil.east.>', {
        callback: (_error, message) => {
          if (message.subject.startsWith('vigil.east.catalog')) seen.push(message.string());
        },
      });
      await watcher.flush();
      const west = await connect({ servers: `127.0.0.1:${port}`, user: 'west', pass: BRANCH_PASSWORDS.west });
      const errors: string[] = [];
      void (async () => {
        for await (const status of west.status()) if (status.type === 'error') errors.push(String(status.error));
      })();
      west.publish('vigil.east.catalog', 'forged');
      west.publish('vigil.west.hello', 'own');
      await west.flush();
      expect(await waitUntil(() => errors.some((error) => /permission/i.test(error)), 3_000)).toBe(true);
      expect(seen).not.toContain('forged');
      // Nor may it listen to another branch's subjects.
      const snoop = west.subscribe('vigil.east.>');
      await west.flush().catch(() => undefined);
      expect(await waitUntil(() => errors.filter((error) => /subscription/i.test(error)).length > 0, 3_000)).toBe(true);
      snoop.unsubscribe();
      await Promise.all([watcher.close(), west.close().catch(() => undefined)]);
    });
  },
);
