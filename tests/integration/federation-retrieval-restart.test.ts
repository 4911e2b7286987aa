// A retrieval under way when the center hub stops goes on at its next start, from the files and bytes it already has:
// every file once in the center's index, each equal to the branch's copy.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeClip, placeRecordings } from '../../scripts/lib/seed-recordings.js';
import type { VigilConfigInput } from '../../src/config/index.js';
import type { RetrievalJobView } from '../../src/contracts/index.js';
import { BRANCH_PASSWORDS } from '../support/federation.js';
import { freePort } from '../support/net.js';
import { waitUntil } from '../support/processes.js';
import { readOnly } from '../support/recordings.js';
import { assertAvailable, commandMissing, skipWhenMissing } from '../support/requirements.js';
import { tempDir } from '../support/temp-dir.js';
import { runTestHub, startTestHub, type TestHub } from '../support/test-hub.js';

const natsMissing = commandMissing('nats-server', 'nats-server');
const FILES = 6;
const FILE_SECONDS = 6;
const CAMERA = 'east~cam-a';
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe.skipIf(skipWhenMissing('nats-server', natsMissing))('a retrieval across a restart of the center', () => {
  let center: TestHub;
  let branch: TestHub;
  let centerConfig: VigilConfigInput;
  const firstMs = Math.floor((Date.now() - 3_600_000) / 1000) * 1000;

  beforeAll(async () => {
    assertAvailable('nats-server', natsMissing);
    // A fixed leaf port: the branch dials the same one when the center comes back.
    const leafPort = await freePort();
    const timing = { heartbeatSeconds: 0.5, staleAfterSeconds: 2 };
    centerConfig = {
      federation: {
        ...timing,
        role: 'center',
        nats: { port: 0 },
        leaf: { host: '127.0.0.1', port: leafPort },
        // Slow enough that the center stops partway through.
        retrievalKbps: 600,
        branches: [{ id: 'east', password: BRANCH_PASSWORDS.east, lineKbps: 100_000 }],
      },
    };
    center = await startTestHub([], centerConfig);
    const clip = join(tempDir(), 'clip.mp4');
    encodeClip(clip, FILE_SECONDS, 200);
    branch = await startTestHub(
      [
        {
          id: 'cam-a',
          name: '冷库',
          stage: 'storage',
          enterprise: 'east',
          mainUrl: 'rtsp://127.0.0.1:9/x',
          recordMode: 'off',
        },
      ],
      {
        federation: {
          ...timing,
          role: 'branch',
          branchId: 'east',
          nats: { port: 0 },
          centerUrl: `nats-leaf://127.0.0.1:${leafPort}`,
          centerPassword: BRANCH_PASSWORDS.east,
        },
      },
      undefined,
      (dataDir) => placeRecordings(dataDir, 'cam-a', clip, { firstMs, count: FILES, fileSeconds: FILE_SECONDS }),
    );
  });

  afterAll(async () => {
    await branch?.hub.stop();
    await center?.hub.stop();
  });

  it('goes on after the restart, fetching no file twice, every hash matching', async () => {
    let admin = await center.login('center-admin');
    expect(await waitUntil(async () => (await center.get(`/api/cameras/${CAMERA}`, admin)).ok, 15_000, 100)).toBe(true);
    const asked = await center.send('POST', `/playback/${CAMERA}/retrievals`, admin, {
      from: firstMs,
      to: firstMs + FILES * FILE_SECONDS * 1000,
    });
    expect(asked.status).toBe(202);
    const { id } = (await asked.json()) as RetrievalJobView;
    const job = async () => (await (await center.get(`/playback/retrievals/${id}`, admin)).json()) as RetrievalJobView;
    expect(await waitUntil(async () => (await job()).filesDone >= 2, 30_000, 100)).toBe(true);
    await center.hub.stop();

    center = await runTestHub(center.dataDir, centerConfig);
    admin = await center.login('center-admin');
    expect(await waitUntil(async () => (await job()).state === 'done', 60_000, 200)).toBe(true);
    expect(await job()).toMatchObject({ files: FILES, filesDone: FILES, error: null });
    const copies = readOnly(center.dataDir, (db) =>
      db.prepare(`SELECT path FROM recordings WHERE camera_id = ? ORDER BY start_ms`).all(CAMERA),
    ) as { path: string }[];
    const originals = readOnly(branch.dataDir, (db) =>
      db.prepare(`SELECT path FROM recordings WHERE camera_id = 'cam-a' ORDER BY start_ms`).all(),
    ) as { path: string }[];
    expect(copies).toHaveLength(FILES);
    expect(copies.map((copy) => sha(join(center.dataDir, copy.path)))).toEqual(
      originals.map((file) => sha(join(branch.dataDir, file.path))),
    );
  }, 120_000);
});
