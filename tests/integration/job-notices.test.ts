// Job progress pushed over socket.io: an export's and a discovery's progress reach the consoles of the user who
// started them, and nobody else's, however far their scopes reach.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeClip, placeRecordings } from '../../scripts/lib/seed-recordings.js';
import type { DiscoveryJob, ExportJobView, ExportProgress } from '../../src/contracts/index.js';
import { freePort } from '../support/net.js';
import { waitUntil } from '../support/processes.js';
import { connectRecordingSocket, type RecordingSocket } from '../support/socket-client.js';
import { tempDir } from '../support/temp-dir.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

describe('job progress over socket.io', () => {
  let t: TestHub;
  const sockets: RecordingSocket[] = [];
  const firstMs = Math.floor((Date.now() - 3_600_000) / 1000) * 1000;

  /** A console of `username`, recording the job notices it hears. */
  const consoleOf = async (username: string) => {
    const socket = await connectRecordingSocket(t.base, await t.login(username));
    sockets.push(socket);
    const exports: ExportProgress[] = [];
    const discoveries: DiscoveryJob[] = [];
    socket.socket.on('job:export', (job) => exports.push(job));
    socket.socket.on('job:discovery', (job) => discoveries.push(job));
    return { cookie: await t.login(username), exports, discoveries };
  };

  beforeAll(async () => {
    const clip = join(tempDir(), 'clip.mp4');
    encodeClip(clip, 6, 200);
    t = await startTestHub(
      [{ id: 'dock', name: 'Dock', stage: 'raw_material_intake', enterprise: 'east', mainUrl: 'rtsp://127.0.0.1:9/x' }],
      { recording: { segmentSeconds: 6 } },
      undefined,
      (dataDir) => placeRecordings(dataDir, 'dock', clip, { firstMs, count: 3, fileSeconds: 6 }),
    );
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t?.hub.stop();
  });

  it("pushes an export's progress to its user only", async () => {
    const owner = await consoleOf('east-insp');
    const other = await consoleOf('center-admin');
    const asked = await t.send('POST', '/playback/dock/exports', owner.cookie, {
      from: firstMs + 1_000,
      to: firstMs + 15_000,
    });
    expect(asked.status).toBe(202);
    const job = (await asked.json()) as ExportJobView;
    const done = () => owner.exports.some((progress) => progress.id === job.id && progress.state === 'done');
    expect(await waitUntil(done, 30_000, 50)).toBe(true);
    const last = owner.exports.at(-1);
    expect(last).toMatchObject({ id: job.id, state: 'done', progress: 1, error: null });
    expect(last?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(other.exports).toEqual([]);
  });

  it("pushes a discovery's progress and result to the admin who started it only", async () => {
    const owner = await consoleOf('center-admin');
    const other = await consoleOf('west-admin');
    const port = await freePort();
    const asked = await t.send('POST', '/api/admin/discovery', owner.cookie, {
      mode: 'sweep',
      hosts: '127.0.0.1',
      port,
    });
    expect(asked.status).toBe(202);
    const job = (await asked.json()) as DiscoveryJob;
    const over = () => owner.discoveries.some((pushed) => pushed.id === job.id && pushed.state !== 'running');
    expect(await waitUntil(over, 15_000, 50)).toBe(true);
    expect(owner.discoveries.at(-1)).toMatchObject({ id: job.id, state: 'done', progress: { done: 1, total: 1 } });
    expect(other.discoveries).toEqual([]);
  });
});
