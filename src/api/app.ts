// The express app: health, the JSON API, live media and the console's static files, then the one error handler.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express, type Request, type Router } from 'express';
import type { Healthz } from '../contracts/index.js';
import type { EventQueries } from '../events/index.js';
import type { FfmpegBinary } from '../ffmpeg/index.js';
import type { PasswordChecker } from '../org/index.js';
import type { Logger } from '../shared/logger.js';
import { authRoutes, identify, type AuthDeps } from './auth.js';
import type { CameraRuntime } from './camera-view.js';
import { errorHandler, notFoundHandler } from './error-handler.js';
import { rateLimit, RateLimiter, type BucketPolicy } from './rate-limit.js';
import { applySecurityHeaders, originSet, stateChangeGuard } from './http-policy.js';
import { accountRoutes } from './routes/account.js';
import { adminRoutes, type AdminRoutesDeps } from './routes/admin.js';
import { adminCameraRoutes, type AdminCameraRoutesDeps } from './routes/admin-cameras.js';
import { adminDiscoveryRoutes, type AdminDiscoveryRoutesDeps } from './routes/admin-discovery.js';
import { cameraRoutes } from './routes/cameras.js';
import { docsRoutes } from './routes/docs.js';
import { eventRoutes } from './routes/events.js';
import { federationRoutes, type FederationLinks } from './routes/federation.js';
import { imageHealthRoutes, type ImageHealthRoutesDeps } from './routes/image-health.js';
import { metricsRoutes, type MetricsSource } from './routes/metrics.js';
import { ptzRoutes, type PtzControl } from './routes/ptz.js';
import { snapshotRoutes, type SnapshotSource } from './routes/snapshots.js';
import { supervisionRoutes, type SupervisionRoutesDeps } from './routes/supervision.js';

export interface AppDeps extends AdminRoutesDeps, Partial<Pick<SupervisionRoutesDeps, 'supervision'>> {
  logger: Logger;
  version: string;
  startedAt: number;
  ffmpeg: Pick<FfmpegBinary, 'versionText' | 'origin'>;
  runtime: CameraRuntime;
  snapshots: SnapshotSource;
  metrics: MetricsSource;
  events: EventQueries;
  passwords: PasswordChecker;
  /** Built console (dist/web); served when present. */
  webDir?: string | undefined;
  /** Camera registration for admins; absent where the API only reads. */
  registration?: Pick<AdminCameraRoutesDeps, 'admin' | 'probe' | 'push' | 'reach'> &
    Pick<AdminDiscoveryRoutesDeps, 'discovery'>;
  /** Coalesces repeated failed logins (see authRoutes). */
  failures?: AuthDeps['failures'];
  /** Per-address limits on logins and on requests without a session; absent → none. */
  rateLimit?: { login: BucketPolicy; anonymous: BucketPolicy };
  /** Origins besides the request's own host whose pages may change state (`server.allowedOrigins`). */
  allowedOrigins?: readonly string[] | undefined;
  /** Extra routers mounted by the hub (live media, later playback), keyed by mount path. */
  mounts?: ReadonlyArray<{ path: string; router: Router }>;
  /** A center hub's links to its branches; absent elsewhere (the list is then empty). */
  federationLinks?: FederationLinks | undefined;
  /** Camera image health: checks, their history and the reference pictures; absent: no image-health routes. */
  imageHealth?: ImageHealthRoutesDeps['imageHealth'] | undefined;
  /** Pan/tilt/zoom of ONVIF domes; absent: no PTZ routes. */
  ptz?: PtzControl | undefined;
}

/**
 * One JSON parser, one size limit per route family (first match wins: a parsed body is not read again). The CSV
 * import carries a whole file; every other API body is a form. Playback exports parse their own small body.
 */
const JSON_BODY_LIMITS = [
  { path: '/api/admin/cameras/import', limit: '4mb' },
  { path: '/api', limit: '1mb' },
] as const;

/**
 * The console's own built files (hashed, cached for an hour): the login page alone loads a few dozen, so counting them
 * against the limit of requests without a session would lock a user out of the console it is about to log in to.
 */
const isConsoleAsset = (req: Request): boolean =>
  (req.method === 'GET' || req.method === 'HEAD') && req.path.startsWith('/assets/');

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  // First of all, so that every answer carries them: API, media, console, errors and 404.
  app.use(applySecurityHeaders);
  app.use(stateChangeGuard(originSet(deps.allowedOrigins ?? [])));

  // Health probes (monitors, load balancers) always answer: cheap, no session, before any rate limit.
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
  if (deps.rateLimit) {
    // Without a session a request costs the hub work but names nobody: only the address can be held to a rate.
    const anonymous = new RateLimiter(deps.rateLimit.anonymous);
    app.use(
      rateLimit(anonymous, 'requests without a session', (req) => req.caller !== undefined || isConsoleAsset(req)),
    );
    // Every login attempt costs a scrypt hash, right or wrong: limited per address even with a session.
    app.use('/api/auth/login', rateLimit(new RateLimiter(deps.rateLimit.login), 'login attempts'));
  }

  app.use(
    metricsRoutes(deps.metrics, () => ({
      passwordChecks: deps.passwords.count,
      federationLinks: deps.federationLinks?.views(),
      evidenceLocks: deps.supervision && {
        total: deps.supervision.cases.locks.space(),
        cases: deps.supervision.cases.locks.byCase(),
      },
    })),
  );
  for (const { path, limit } of JSON_BODY_LIMITS) app.use(path, express.json({ limit }));
  app.use('/api', docsRoutes(deps.version));
  app.use('/api', authRoutes(deps));
  app.use('/api', accountRoutes(deps));
  app.use('/api', adminRoutes(deps));
  app.use('/api', cameraRoutes(deps));
  app.use('/api', snapshotRoutes(deps));
  if (deps.ptz) app.use('/api', ptzRoutes({ cameras: deps.cameras, ptz: deps.ptz }));
  app.use('/api', eventRoutes(deps));
  app.use('/api', federationRoutes(deps));
  if (deps.supervision) app.use('/api', supervisionRoutes({ ...deps, supervision: deps.supervision }));
  if (deps.imageHealth) app.use('/api', imageHealthRoutes({ ...deps, imageHealth: deps.imageHealth }));
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
