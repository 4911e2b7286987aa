// A branch camera's recordings at the center over real nats-servers on loopback: listed from the branch's index,
// played with the bytes relayed, retrieved into the center's storage with every hash checked, exported there, and
// still playable from the retrieved copies when the branch is gone.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportJobView, PlaybackRangesView, RetrievalJobView } from '../../src/contracts/index.js';
import { encodeClip, placeRecordings } from '../../scripts/lib/seed-recordings.js';
import { startFederatedPair, type FederatedPair } from '../support/federation.js';
import { freePort } from '../support/net.js';
import { waitUntil } from '../support/processes.js';
import { loggedEvents, readOnly } from '../support/recordings.js';
import { assertAvailable, commandMissing, skipWhenMissing } from '../support/requirements.js';
import { tempDir } from '../support/temp-dir.js';
import type { TestHub } from '../support/test-hub.js';

const natsMissing = commandMissing('nats-server', 'nats-server');
const FILES = 6;
const FILE_SECONDS = 6;
const CAMERA = 'east~cam-a';
const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

describe.skipIf(skipWhenMissing('nats-server', natsMissing))("federation: a branch camera's recordings", () => {
  let pair: FederatedPair;
  let center: TestHub;
  let operator: string;
  /** SHA-256 of each of the branch's files (all six are the same clip, as the branch adopted it). */
  let branchSha: string;
  /** Start of the first seeded file; the files follow each other without a gap. */
  const firstMs = Math.floor((Date.now() - 3_600_000) / 1000) * 1000;
  const lastEndMs = firstMs + FILES * FILE_SECONDS * 1000;
  const range = `from=${firstMs - 1000}&to=${lastEndMs + 1000}`;

  const ranges = async (cookie = operator) =>
    (await (await center.get(`/playback/${CAMERA}/ranges?${range}`, cookie)).json()) as PlaybackRangesView;
  const playlist = async (cookie = operator) =>
    center.get(`/playback/${CAMERA}/vod.m3u8?${range}&reason=case-17`, cookie);

  beforeAll(async () => {
    assertAvailable('nats-server', natsMissing);
    const clip = join(tempDir(), 'clip.mp4');
    encodeClip(clip, FILE_SECONDS, 200);
    // The branch adopts these at start, as files written before a crash: its index then holds six closed files.
    const seed = (dataDir: string) =>
      placeRecordings(dataDir, 'cam-a', clip, { firstMs, count: FILES, fileSeconds: FILE_SECONDS });
    const deadPort = await freePort();
    pair = await startFederatedPair(
      [
        {
          id: 'cam-a',
          name: '成品检测区',
          stage: 'product_testing',
          enterprise: 'east',
          mainUrl: `rtsp://127.0.0.1:${deadPort}/main`,
          recordMode: 'off',
        },
      ],
      { retrievalKbps: 50_000, lineKbps: 100_000 },
      undefined,
      seed,
    );
    center = pair.center;
    const adopted = readOnly(pair.branch.dataDir, (db) =>
      db.prepare(`SELECT path FROM recordings WHERE camera_id = 'cam-a' AND state = 'closed'`).all(),
    ) as { path: string }[];
    expect(adopted).toHaveLength(FILES);
    branchSha = sha256(readFileSync(join(pair.branch.dataDir, adopted[0]?.path ?? '')));
    operator = await center.login('center-admin');
    expect(await waitUntil(async () => (await center.get(`/api/cameras/${CAMERA}`, operator)).ok, 15_000, 100)).toBe(
      true,
    );
  });

  afterAll(async () => {
    await pair?.stop();
  });

  it("lists the branch's recordings on the center's timeline, none of them retrieved yet", async () => {
    const body = await ranges();
    expect(body.recorded).toHaveLength(1);
    expect(body.recorded[0]?.startMs).toBe(firstMs);
    expect(body.recorded[0]?.endMs).toBeGreaterThanOrEqual(lastEndMs - 100);
    expect(body.retrieved).toEqual([]);
    expect(body.retrieving).toEqual([]);
  });

  it("plays the branch's files through the center, byte for byte, audited at both hubs", async () => {
    const response = await playlist();
    const text = await response.text();
    expect(response.status, text).toBe(200);
    const media = [...text.matchAll(/^(files\/\d+\/media\.m4s\?view=[\w-]+)$/gm)].map((match) => match[1] as string);
    const maps = [...text.matchAll(/URI="(files\/\d+\/init\.mp4\?view=[\w-]+)"/g)].map((match) => match[1] as string);
    expect(media).toHaveLength(FILES);
    const init = Buffer.from(await (await center.get(`/playback/${CAMERA}/${maps[0]}`, operator)).arrayBuffer());
    const fragments = Buffer.from(await (await center.get(`/playback/${CAMERA}/${media[0]}`, operator)).arrayBuffer());
    expect(sha256(Buffer.concat([init, fragments]))).toBe(branchSha);
    // The player reloading the playlist is the same view: the branch audits it once.
    expect((await playlist()).status).toBe(200);
    const atBranch = loggedEvents(pair.branch.dataDir, 'audit.playback.remote');
    expect(atBranch).toHaveLength(1);
    expect(atBranch[0]?.message).toContain('center-admin (center) plays back the recordings of 成品检测区');
    expect(atBranch[0]?.data).toMatchObject({ username: 'center-admin', reason: 'case-17' });
    expect(loggedEvents(center.dataDir, 'audit.playback').length).toBeGreaterThanOrEqual(1);
  });

  it("keeps another branch's inspector away from the camera's recordings and retrievals", async () => {
    const west = await center.login('west-insp');
    expect([403, 404]).toContain((await playlist(west)).status);
    const asked = await center.send('POST', `/playback/${CAMERA}/retrievals`, west, {
      from: firstMs,
      to: lastEndMs,
      reason: 'not mine',
    });
    expect([403, 404]).toContain(asked.status);
  });

  it("retrieves the interval into the center's storage, every file checked against the branch's hash", async () => {
    const asked = await center.send('POST', `/playback/${CAMERA}/retrievals`, operator, {
      from: firstMs,
      to: lastEndMs,
      reason: 'case-17',
    });
    expect(asked.status).toBe(202);
    const job = (await asked.json()) as RetrievalJobView;
    const status = async (cookie = operator) =>
      (await (await center.get(`/playback/retrievals/${job.id}`, cookie)).json()) as RetrievalJobView;
    expect(await waitUntil(async () => (await status()).state === 'done', 30_000, 100)).toBe(true);
    expect(await status()).toMatchObject({ files: FILES, filesDone: FILES, error: null });
    // The copies are ordinary recordings of the mirrored camera, each the branch's file exactly.
    const copies = readOnly(center.dataDir, (db) =>
      db
        .prepare(
          `SELECT r.path, f.sha256 FROM federation_retrieved f JOIN recordings r ON r.id = f.recording_id
           WHERE f.camera_id = ? ORDER BY r.start_ms`,
        )
        .all(CAMERA),
    ) as { path: string; sha256: string }[];
    expect(copies).toHaveLength(FILES);
    for (const copy of copies) {
      expect(copy.sha256).toBe(branchSha);
      expect(sha256(readFileSync(join(center.dataDir, copy.path)))).toBe(branchSha);
    }
    const timeline = await ranges();
    expect(timeline.retrieved?.[0]?.startMs).toBe(firstMs);
    expect(timeline.retrieving).toEqual([]);
    expect(loggedEvents(center.dataDir, 'federation.retrieval.done')).toHaveLength(1);
    expect(loggedEvents(center.dataDir, 'audit.retrieval.created')[0]?.data).toMatchObject({ reason: 'case-17' });
    expect(loggedEvents(pair.branch.dataDir, 'audit.retrieval.remote')).toHaveLength(1);
    // Another branch's inspector neither sees the job nor finds it by id.
    const west = await center.login('west-insp');
    expect([403, 404]).toContain((await center.get(`/playback/retrievals/${job.id}`, west)).status);
    const listed = (await (await center.get('/playback/retrievals', west)).json()) as { retrievals: unknown[] };
    expect(listed.retrievals).toEqual([]);
  });

  it('exports retrieved footage at the center', async () => {
    const asked = await center.send('POST', `/playback/${CAMERA}/exports`, operator, {
      from: firstMs + 1000,
      to: firstMs + 3 * FILE_SECONDS * 1000,
      reason: 'case-17',
    });
    expect(asked.status).toBe(202);
    const job = (await asked.json()) as ExportJobView;
    const state = async () =>
      ((await (await center.get(`/playback/exports/${job.id}`, operator)).json()) as ExportJobView).state;
    expect(await waitUntil(async () => (await state()) !== 'running', 30_000, 100)).toBe(true);
    expect(await state()).toBe('done');
  });

  it('plays the retrieved copies while the branch is unreachable', async () => {
    await pair.branch.hub.stop();
    const down = async () => (await ranges()).branchUnreachable === true;
    expect(await waitUntil(down, 15_000, 200)).toBe(true);
    const response = await playlist();
    const text = await response.text();
    expect(response.status, text).toBe(200);
    const media = [...text.matchAll(/^(files\/\d+\/media\.m4s\?view=[\w-]+)$/gm)].map((match) => match[1] as string);
    expect(media).toHaveLength(FILES);
    const served = await center.get(`/playback/${CAMERA}/${media[FILES - 1]}`, operator);
    expect(served.status).toBe(200);
    expect((await served.arrayBuffer()).byteLength).toBeGreaterThan(10_000);
  });
});
