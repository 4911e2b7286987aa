// The hub the access matrices run against: a camera in each test branch, recorded in 2 s files, both playing live.
import type { VigilConfigInput } from '../../src/config/index.js';
import type { ExportJobView } from '../../src/contracts/index.js';
import { CameraSimulator, simulatedCameras } from '../../src/simulator/index.js';
import { liveUrls } from './media-urls.js';
import { waitUntil } from './processes.js';
import { indexedFiles, loggedEvents } from './recordings.js';
import { startTestHub, type TestHub } from './test-hub.js';

export interface MatrixHub {
  t: TestHub;
  /** The path and query of a recorded file of the camera, as its VOD playlist of the last minutes lists it. */
  recordedFile(cameraId: string, cookie: string, reason?: string): Promise<string>;
  /** An export of the camera's last 20 s, made by `cookie`'s user (with `reason` when given). */
  exportOf(cameraId: string, cookie: string, reason?: string): Promise<ExportJobView>;
  stop(): Promise<void>;
}

/** The last ten minutes, as a playback query. */
export const lastMinutes = (path: string, reason?: string): string =>
  `${path}?from=${Date.now() - 600_000}&to=${Date.now()}${reason ? `&reason=${encodeURIComponent(reason)}` : ''}`;

const succeeds = (probe: () => Promise<unknown>): Promise<boolean> =>
  probe().then(
    () => true,
    () => false,
  );

/** Starts the hub (with `overrides`) and waits until both cameras have closed footage and play live. */
export async function startMatrixHub(overrides: VigilConfigInput = {}): Promise<MatrixHub> {
  const sim = new CameraSimulator({
    ffmpegPath: 'ffmpeg',
    cameras: simulatedCameras(2, { mode: 'loop', width: 320, height: 240, bitrateKbps: 300, sub: false }),
  });
  await sim.start();
  const t = await startTestHub(
    [
      { id: 'cam-east', name: 'East', stage: 'processing', enterprise: 'east', mainUrl: sim.url('cam01', 'main') },
      { id: 'cam-west', name: 'West', stage: 'packaging', enterprise: 'west', mainUrl: sim.url('cam02', 'main') },
    ],
    // Short files, so that closed footage (which exports need) exists within seconds.
    { recording: { segmentSeconds: 2 }, ...overrides },
  );
  const admin = await t.login('center-admin');
  const witness = await t.login('center-admin');

  /** What the index and the event log hold for the camera, for a failure message. */
  const indexDump = (cameraId: string): string =>
    JSON.stringify({
      now: Date.now(),
      files: indexedFiles(t.dataDir, cameraId).slice(-6),
      deletions: loggedEvents(t.dataDir, 'recording.deleted').map((event) => event.data),
    });

  const recordedFile = async (cameraId: string, cookie: string, reason?: string): Promise<string> => {
    const playlist = lastMinutes(`/playback/${cameraId}/vod.m3u8`, reason);
    const response = await t.get(playlist, cookie);
    const list = await response.text();
    // Only a playlist's own file lines count: an error's JSON body is no file (a 404 before any file is closed).
    const file = response.status === 200 ? list.split('\n').find((line) => line.startsWith('files/')) : undefined;
    if (!file) throw new Error(`no recorded file of ${cameraId} in its playlist:\n${list}\n${indexDump(cameraId)}`);
    const url = new URL(file, `${t.base}/playback/${cameraId}/vod.m3u8`);
    return url.pathname + url.search;
  };

  // An export answers 404 until footage of its range is closed: asked again once a second meanwhile.
  const exportOf = async (cameraId: string, cookie: string, reason?: string): Promise<ExportJobView> => {
    const make = () =>
      t.send('POST', `/playback/${cameraId}/exports`, cookie, { from: Date.now() - 20_000, to: Date.now(), reason });
    let made = await make();
    for (let tries = 0; made.status === 404 && tries < 20; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      made = await make();
    }
    if (made.status !== 202) throw new Error(`export of ${cameraId}: ${made.status} ${await made.text()}`);
    return (await made.json()) as ExportJobView;
  };

  const reason = overrides.playback?.requireReason ? 'setting up' : undefined;
  const recorded = (id: string) => succeeds(() => recordedFile(id, admin, reason));
  const playing = (id: string) => succeeds(() => liveUrls(t.base, id, witness));
  const ready = await waitUntil(
    async () =>
      (await recorded('cam-east')) &&
      (await recorded('cam-west')) &&
      (await playing('cam-east')) &&
      (await playing('cam-west')),
    30_000,
    500,
  );
  if (!ready) throw new Error('the matrix cameras did not record and play within 30 s');
  return {
    t,
    recordedFile,
    exportOf,
    stop: async () => {
      await t.hub.stop();
      await sim.stop();
    },
  };
}
