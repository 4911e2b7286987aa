// Runs one simulated ONVIF device until SIGTERM; options as one JSON argument. Used inside test network namespaces.
import { OnvifDeviceSimulator, type OnvifDeviceSimulatorOptions } from './onvif-device.js';

type CliOptions = Omit<OnvifDeviceSimulatorOptions, 'rtspUrl' | 'logger'> & { rtspBase: string };

async function main(): Promise<void> {
  const raw = process.argv[2];
  if (!raw) throw new Error('usage: onvif-cli.ts \'{"host":"10.213.0.11","camera":{...},"rtspBase":"rtsp://..."}\'');
  const { rtspBase, ...options } = JSON.parse(raw) as CliOptions;
  const device = new OnvifDeviceSimulator({
    ...options,
    rtspUrl: (stream) => `${rtspBase}/${options.camera.id}/${stream}`,
  });
  await device.start();
  // One line the parent waits for: the device is listening.
  process.stdout.write(
    `${JSON.stringify({ ready: true, httpPort: device.httpPort, discoveryPort: device.discoveryPort, endpointReference: device.endpointReference })}\n`,
  );
  const stop = (): void => {
    device.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
