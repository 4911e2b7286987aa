// Command line: serve N simulated cameras until SIGINT/SIGTERM (`npm run simulate -- --cameras 8 --port 8554`).
import { parseArgs } from 'node:util';
import { resolveFfmpeg } from '../ffmpeg/index.js';
import { createLogger } from '../shared/index.js';
import { CameraSimulator, simulatedCameras } from './simulator.js';

const HELP = `Usage: npm run simulate -- [options]
  --cameras N      number of cameras (default 8)
  --port P         RTSP port (default 8554; 0 = any free port)
  --host H         listen address (default 127.0.0.1)
  --loop           loop mode: a clip encoded once and replayed, no encoder per camera (benchmarks)
  --width W        main stream width (default 1280)
  --height H       main stream height (default 720)
  --bitrate KBPS   main stream bitrate (default 2000)
  --fps F          frames per second (default 25)
  --gop SECONDS    keyframe interval (default 1)
  --no-sub         no /sub stream
  --user U --password P   require Digest authentication
  --ffmpeg PATH    ffmpeg to encode with (default: FFMPEG_PATH, PATH, bundled)`;

function number(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cameras: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      loop: { type: 'boolean' },
      width: { type: 'string' },
      height: { type: 'string' },
      bitrate: { type: 'string' },
      fps: { type: 'string' },
      gop: { type: 'string' },
      'no-sub': { type: 'boolean' },
      user: { type: 'string' },
      password: { type: 'string' },
      ffmpeg: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return;
  }
  if ((values.user === undefined) !== (values.password === undefined))
    throw new Error('--user and --password go together');
  const logger = createLogger({ level: process.env.VIGIL_LOG_LEVEL ?? 'info' });
  const ffmpeg = await resolveFfmpeg({ configuredPath: values.ffmpeg });
  const width = number(values.width, 1280, 'width');
  const height = number(values.height, 720, 'height');
  const bitrateKbps = number(values.bitrate, 2000, 'bitrate');
  const even = (n: number): number => Math.max(2, Math.round(n / 4) * 2);
  const auth =
    values.user !== undefined && values.password !== undefined
      ? { username: values.user, password: values.password }
      : undefined;
  const cameras = simulatedCameras(number(values.cameras, 8, 'cameras'), {
    mode: values.loop ? 'loop' : 'live',
    width,
    height,
    bitrateKbps,
    fps: number(values.fps, 25, 'fps'),
    gopSeconds: number(values.gop, 1, 'gop'),
    sub: values['no-sub']
      ? false
      : { width: even(width), height: even(height), bitrateKbps: Math.max(100, bitrateKbps / 4) },
    ...(auth ? { auth } : {}),
  });
  const simulator = new CameraSimulator({
    host: values.host ?? '127.0.0.1',
    port: number(values.port, 8554, 'port'),
    cameras,
    ffmpegPath: ffmpeg.path,
    logger,
  });
  await simulator.start();
  process.stdout.write(`Simulating ${cameras.length} cameras with ${ffmpeg.path} (${ffmpeg.versionText}):\n`);
  for (const camera of cameras) {
    const sub = camera.sub ? `  ${simulator.url(camera.id, 'sub')}` : '';
    process.stdout.write(`  ${simulator.url(camera.id, 'main')}${sub}\n`);
  }
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping simulator');
    // stop() kills every encoder; a second signal or a hang still ends the process.
    setTimeout(() => process.exit(1), 5000).unref();
    simulator.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`simulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
