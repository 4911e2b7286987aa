// A hub recording one simulated camera of ent-east in 2 s files, and the case requests its tests make.
import type { VigilConfigInput } from '../../src/config/index.js';
import type { CaseDetail, CaseExportJob } from '../../src/contracts/index.js';
import type { HubPorts } from '../../src/hub.js';
import { CameraSimulator, simulatedCameras } from '../../src/simulator/index.js';
import { waitUntil } from './processes.js';
import { readOnly } from './recordings.js';
import { startTestHub, type TestHub } from './test-hub.js';

export const CASE_CAMERA = 'cam-east';

export interface RecordedFile {
  id: number;
  startMs: number;
  endMs: number;
  bytes: number;
  path: string;
  state: 'open' | 'closed';
}

export interface CaseHub {
  t: TestHub;
  /** The camera's indexed files, oldest first. */
  files(): RecordedFile[];
  /** A JSON request that must answer `status`; its body. */
  call<T>(method: string, path: string, cookie: string, body: unknown, status: number): Promise<T>;
  /** Opens a case about the enterprise (`201` expected). */
  openCase(cookie: string, enterpriseId: string, title: string): Promise<CaseDetail>;
  /** Opens a case about ent-east with a clip of the camera over [fromMs, toMs). */
  caseWithClip(cookie: string, fromMs: number, toMs: number): Promise<CaseDetail>;
  /** Waits for an export to end and returns it. */
  finished(caseId: string, exportId: string, cookie: string): Promise<CaseExportJob>;
  stop(): Promise<void>;
}

export async function startCaseHub(overrides: VigilConfigInput = {}, ports?: HubPorts): Promise<CaseHub> {
  const sim = new CameraSimulator({
    ffmpegPath: 'ffmpeg',
    cameras: simulatedCameras(1, { mode: 'loop', width: 320, height: 240, bitrateKbps: 300, sub: false }),
  });
  await sim.start();
  const t = await startTestHub(
    [
      {
        id: CASE_CAMERA,
        name: '东企业加工区',
        stage: 'processing',
        enterprise: 'east',
        mainUrl: sim.url('cam01', 'main'),
      },
    ],
    { ...overrides, recording: { segmentSeconds: 2, ...overrides.recording } },
    undefined,
    undefined,
    ports && (() => ports),
  );
  const files = (): RecordedFile[] =>
    readOnly(
      t.dataDir,
      (db) =>
        db
          .prepare(
            `SELECT id, start_ms AS startMs, end_ms AS endMs, bytes, path, state FROM recordings
             WHERE camera_id = ? ORDER BY start_ms`,
          )
          .all(CASE_CAMERA) as RecordedFile[],
    );
  const call = async <T>(method: string, path: string, cookie: string, body: unknown, status: number): Promise<T> => {
    const response = await t.send(method, path, cookie, body);
    const text = await response.text();
    if (response.status !== status) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const openCase = (cookie: string, enterpriseId: string, title: string): Promise<CaseDetail> =>
    call<CaseDetail>(
      'POST',
      '/api/cases',
      cookie,
      { enterpriseId, title, summary: '加工区多次未按规定记录原料进厂检验。' },
      201,
    );
  const caseWithClip = async (cookie: string, fromMs: number, toMs: number): Promise<CaseDetail> => {
    const made = await openCase(cookie, 'ent-east', '原料进厂记录缺失');
    await call(
      'POST',
      `/api/cases/${made.id}/items`,
      cookie,
      {
        kind: 'clip',
        cameraId: CASE_CAMERA,
        fromMs,
        toMs,
        note: '检验台无人',
      },
      201,
    );
    return call<CaseDetail>('GET', `/api/cases/${made.id}`, cookie, undefined, 200);
  };
  const finished = async (caseId: string, exportId: string, cookie: string): Promise<CaseExportJob> => {
    let job: CaseExportJob | undefined;
    const done = async (): Promise<boolean> => {
      job = await call<CaseExportJob>('GET', `/api/cases/${caseId}/exports/${exportId}`, cookie, undefined, 200);
      return job.state === 'done' || job.state === 'failed';
    };
    if (!(await waitUntil(done, 60_000, 200))) throw new Error(`export ${exportId} did not end within 60 s`);
    return job as CaseExportJob;
  };
  return {
    t,
    files,
    call,
    openCase,
    caseWithClip,
    finished,
    stop: async () => {
      await t.hub.stop();
      await sim.stop();
    },
  };
}
