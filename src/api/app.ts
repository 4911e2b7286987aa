// The express app: health, the JSON API, live media and the console's static files, then the one error handler.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express, type Router } from 'express';
import type { Healthz } from '../contracts/index.js';
import type { EventQueries } from '../events/index.js';
import type { FfmpegBinary } from '../ffmpeg/index.js';
import type { Logger } from '../shared/logger.js';
import { authRoutes, identify } from './auth.js';
import type { CameraRuntime } from './camera-view.js';
import { errorHandler, notFoundHandler } from './error-handler.js';
import { accountRoutes } from './routes/account.js';
import { adminRoutes, type AdminRoutesDeps } from './routes/admin.js';
import { adminCameraRoutes, type AdminCameraRoutesDeps } from './routes/admin-cameras.js';
import { adminDiscoveryRoutes, type AdminDiscoveryRoutesDeps } from './routes/admin-discovery.js';
import { cameraRoutes } from './routes/cameras.js';
import { eventRoutes } from './routes/events.js';
import { metricsRoutes, type MetricsSource } from './routes/metrics.js';
import { snapshotRoutes, type SnapshotSource } from './routes/snapshots.js';

export interface AppDeps extends AdminRoutesDeps {
  logger: Logger;
  version: string;
  startedAt: number;
  ffmpeg: Pick<FfmpegBinary, 'versionText' | 'origin'>;
  runtime: CameraRuntime;
  snapshots: SnapshotSource;
  metrics: MetricsSource;
  events: EventQueries;
  /** Built console (dist/web); served when present. */
  webDir?: string | undefined;
  /** Camera registration for admins; absent where the API only reads. */
  registration?: Pick<AdminCameraRoutesDeps, 'admin' | 'probe' | 'push' | 'reach'> &
    Pick<AdminDiscoveryRoutesDeps, 'discovery'>;
  /** Extra routers mounted by the hub (live media, later playback), keyed by mount path. */
  mounts?: ReadonlyArray<{ path: string; router: Router }>;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  app.get('/healthz', (_req, res) => {
    const cameras = deps.cameras.list();
    const online = cameras.filter((camera) => deps.runtime.statusOf(camera.id).status === 'online').length;
    const body: Healthz = {
      status: 'ok',
      version: deps.version,
      uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
      ffmpeg: { version: deps.ffmpeg.versionText, origin: deps.ffmpeg.origin },
      cameras: { total: cameras.length, online },
    };
    res.json(body);
  });

  app.use(identify(deps));
  app.use(metricsRoutes(deps.metrics));
  app.use('/api', express.json({ limit: '1mb' }));
  app.use('/api', authRoutes(deps));
  app.use('/api', accountRoutes(deps));
  app.use('/api', adminRoutes(deps));
  app.use('/api', cameraRoutes(deps));
  app.use('/api', snapshotRoutes(deps));
  app.use('/api', eventRoutes(deps));
  if (deps.registration) {
    app.use('/api', adminCameraRoutes({ ...deps.registration, ...deps }));
    const { discovery, reach } = deps.registration;
    app.use('/api', adminDiscoveryRoutes({ discovery, reach, logger: deps.logger }));
  }
  app.use('/api', notFoundHandler());
  for (const mount of deps.mounts ?? []) app.use(mount.path, mount.router);

  const webDir = deps.webDir;
  if (webDir && existsSync(join(webDir, 'index.html'))) {
    app.use(express.static(webDir, { index: 'index.html', maxAge: '1h' }));
    // The console routes by hash; any other GET that is not a file gets the page itself.
    app.get('/{*splat}', (_req, res) => res.sendFile(join(webDir, 'index.html')));
  }
  app.use(notFoundHandler());
  app.use(errorHandler(deps.logger));
  return app;
}
