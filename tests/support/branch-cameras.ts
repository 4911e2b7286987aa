// One camera in each test branch (east: 东门, west: 西门), watched on demand, and a small live simulator to feed them.
import { CameraSimulator, simulatedCameras } from '../../src/simulator/index.js';
import type { TestCamera } from './test-hub.js';

/** A URL nothing listens on: the camera exists, but never comes online. */
export const DEAD_RTSP_URL = 'rtsp://127.0.0.1:9/none';

export function branchCameras(eastUrl = DEAD_RTSP_URL, westUrl = DEAD_RTSP_URL): TestCamera[] {
  return [
    { id: 'cam-east', name: '东门', stage: 'processing', mainUrl: eastUrl, recordMode: 'off' },
    { id: 'cam-west', name: '西门', stage: 'packaging', enterprise: 'west', mainUrl: westUrl, recordMode: 'off' },
  ];
}

/** A started simulator of `count` small live cameras (cam01, cam02, ...). */
export async function smallLiveSimulator(count: number): Promise<CameraSimulator> {
  const simulator = new CameraSimulator({
    ffmpegPath: 'ffmpeg',
    cameras: simulatedCameras(count, { mode: 'live', width: 320, height: 240, bitrateKbps: 300, sub: false }),
  });
  await simulator.start();
  return simulator;
}

/** A started simulator of `count` small looped cameras with a 256×144 sub stream (no encoder per camera). */
export async function smallLoopSimulator(count: number): Promise<CameraSimulator> {
  const simulator = new CameraSimulator({
    ffmpegPath: 'ffmpeg',
    cameras: simulatedCameras(count, {
      mode: 'loop',
      width: 320,
      height: 240,
      bitrateKbps: 300,
      sub: { width: 256, height: 144, bitrateKbps: 120 },
    }),
  });
  await simulator.start();
  return simulator;
}
