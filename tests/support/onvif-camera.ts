// A simulated camera that is also an ONVIF device on loopback: RTSP simulator plus device service with a unicast discovery responder.
import { CameraSimulator, type SimulatedCameraConfig } from '../../src/simulator/index.js';
import { OnvifDeviceSimulator, type OnvifDeviceSimulatorOptions } from '../../src/simulator/onvif-device.js';
import { simulatedCamera } from './simulated-camera.js';

export interface OnvifCamera {
  config: SimulatedCameraConfig;
  rtsp: CameraSimulator;
  onvif: OnvifDeviceSimulator;
  stop(): Promise<void>;
}

/** A 320x240 main and 160x120 sub H.264 camera with Digest and WS-UsernameToken credentials; `device` changes the ONVIF side. */
export async function startOnvifCamera(options: {
  id: string;
  name: string;
  credentials: { username: string; password: string };
  ffmpegPath?: string;
  device?: Partial<OnvifDeviceSimulatorOptions>;
}): Promise<OnvifCamera> {
  const config = simulatedCamera(options.id, {
    name: options.name,
    sub: { width: 160, height: 120, bitrateKbps: 100 },
    auth: options.credentials,
  });
  const rtsp = new CameraSimulator({ cameras: [config], ffmpegPath: options.ffmpegPath ?? 'ffmpeg', font: false });
  await rtsp.start();
  const onvif = new OnvifDeviceSimulator({
    camera: config,
    rtspUrl: (stream) => rtsp.url(config.id, stream),
    ...options.credentials,
    discovery: { interfaceAddress: '127.0.0.1', port: 0, multicast: false },
    ...options.device,
  });
  await onvif.start();
  return {
    config,
    rtsp,
    onvif,
    stop: async () => {
      await onvif.stop();
      await rtsp.stop();
    },
  };
}
