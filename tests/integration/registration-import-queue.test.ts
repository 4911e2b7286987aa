// A large CSV import on a real hub: every row is registered at once, and its streams start through the queue, N at a time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CsvImportReport } from '../../src/contracts/index.js';
import { CameraSimulator } from '../../src/simulator/index.js';
import { simulatedCamera } from '../support/simulated-camera.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const ROWS = 12;
const IN_FLIGHT = 2;

describe('CSV import start queue', () => {
  let sim: CameraSimulator;
  let t: TestHub;

  beforeAll(async () => {
    sim = new CameraSimulator({ cameras: [simulatedCamera('line')], ffmpegPath: 'ffmpeg', font: false });
    await sim.start();
    // Many starts per second allowed: only the bound on starts under way holds them back.
    t = await startTestHub([], { ingest: { startsPerSecond: 50, maxStartsInFlight: IN_FLIGHT } });
  });

  afterAll(async () => {
    await t?.hub.stop();
    await sim?.stop();
  });

  it(`registers all ${ROWS} rows, and never has more than ${IN_FLIGHT} ffmpeg starts under way`, async () => {
    const admin = await t.login('center-admin');
    const lines = ['enterprise,name,stage,main_url,record_mode'];
    for (let i = 1; i <= ROWS; i++) lines.push(`ent-east,产线${i},processing,${sim.url('line', 'main')},continuous`);
    const response = await t.send('POST', '/api/admin/cameras/import', admin, { csv: `${lines.join('\n')}\n` });
    const report = (await response.json()) as CsvImportReport;
    expect(report).toMatchObject({ created: ROWS, failed: 0 });

    // The limiter's own counters, read where an operator reads them, until every camera is online.
    const gauge = (text: string, name: string): number => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1]);
    const seen = { inFlight: 0, waiting: 0, peak: 0, online: 0 };
    const deadline = Date.now() + 60_000;
    while (seen.online < ROWS && Date.now() < deadline) {
      const text = await (await fetch(`${t.base}/metrics`)).text();
      seen.inFlight = Math.max(seen.inFlight, gauge(text, 'vigil_ffmpeg_starts_in_flight'));
      seen.waiting = Math.max(seen.waiting, gauge(text, 'vigil_ffmpeg_starts_waiting'));
      seen.peak = gauge(text, 'vigil_ffmpeg_starts_in_flight_peak');
      seen.online = (text.match(/^vigil_camera_up\{[^}]*\} 1$/gm) ?? []).length;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(seen.online).toBe(ROWS);
    // The bound was reached and held: starts queued behind it, and the peak never passed it.
    expect(seen.peak).toBe(IN_FLIGHT);
    expect(seen.inFlight).toBeLessThanOrEqual(IN_FLIGHT);
    expect(seen.waiting).toBeGreaterThan(0);
  });
});
