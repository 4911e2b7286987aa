// The hub's demo cameras: a CameraSimulator on 127.0.0.1 built from the `demo` config section.
import type { FfmpegBinary } from '../ffmpeg/index.js';
import type { Logger, Service } from '../shared/index.js';
import { OnvifDeviceSimulator } from './onvif-device.js';
import { CameraSimulator, simulatedCameras, type SimulatedCameraConfig } from './simulator.js';

/** The demo's PTZ dome in the simulator: its picture follows pan, tilt and zoom, steered through its ONVIF device. */
export const DEMO_DOME_ID = 'ptz01';

/** The demo dome's presets as installed: two views of the workshop, which the demo's patrol points name. */
export const DEMO_DOME_PRESETS = [
  { token: 'packing', name: '包装区', position: { pan: -0.6, tilt: 0.2, zoom: 0.3 } },
  { token: 'cold-store', name: '冷库门', position: { pan: 0.6, tilt: -0.2, zoom: 0.3 } },
] as const;

export interface DemoFleetOptions {
  /** The `demo` config section (only the fields read here). */
  config: { cameras: number; rtspPort: number; width: number; height: number; bitrateKbps: number };
  ffmpeg: Pick<FfmpegBinary, 'path'>;
  logger: Logger;
}

/** Live cameras cam01..camNN: encoders run only while the hub (or anyone) reads them. */
export class DemoFleet implements Service {
  readonly name = 'demo-cameras';
  private readonly simulator: CameraSimulator;
  private readonly dome: SimulatedCameraConfig;
  private domeDevice: OnvifDeviceSimulator | undefined;

  /** The demo's cameras when the demo is on and this hub has cameras of its own (the federated demo's center has none). */
  static of(
    options: Omit<DemoFleetOptions, 'config'> & {
      config: DemoFleetOptions['config'] & { enabled: boolean; scope: string };
    },
  ): DemoFleet | undefined {
    return options.config.enabled && options.config.scope !== 'center' ? new DemoFleet(options) : undefined;
  }

  constructor(options: DemoFleetOptions) {
    const { config } = options;
    const even = (n: number): number => Math.max(2, Math.round(n / 4) * 2);
    const cameras = simulatedCameras(config.cameras, {
      width: config.width,
      height: config.height,
      bitrateKbps: config.bitrateKbps,
      sub: {
        width: even(config.width),
        height: even(config.height),
        // x264 ultrafast needs about half the main bitrate for a clean quarter-size picture.
        bitrateKbps: Math.max(150, Math.round(config.bitrateKbps / 2)),
      },
    });
    this.dome = { ...(cameras[0] as SimulatedCameraConfig), id: DEMO_DOME_ID, name: 'PTZ dome', ptz: true };
    this.simulator = new CameraSimulator({
      host: '127.0.0.1',
      port: config.rtspPort,
      ffmpegPath: options.ffmpeg.path,
      logger: options.logger.child({ module: 'simulator' }),
      cameras: [...cameras, this.dome],
    });
  }

  /** The dome's ONVIF device service, valid after start(). */
  get domeOnvifUrl(): string | undefined {
    return this.domeDevice?.deviceServiceUrl;
  }

  /** rtsp://127.0.0.1:<port>, valid after start(). */
  get rtspBase(): string {
    return `rtsp://127.0.0.1:${this.simulator.port}`;
  }

  get cameras(): CameraSimulator {
    return this.simulator;
  }

  async start(): Promise<void> {
    await this.simulator.start();
    const ptz = this.simulator.ptzOf(DEMO_DOME_ID);
    for (const preset of DEMO_DOME_PRESETS) ptz?.definePreset(preset.token, preset.name, preset.position);
    this.domeDevice = new OnvifDeviceSimulator({
      camera: this.dome,
      rtspUrl: (stream) => this.simulator.url(DEMO_DOME_ID, stream),
      ptz: this.simulator.ptzOf(DEMO_DOME_ID),
    });
    await this.domeDevice.start();
  }

  async stop(): Promise<void> {
    await this.domeDevice?.stop();
    await this.simulator.stop();
  }
}
