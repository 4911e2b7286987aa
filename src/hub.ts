// Wiring only: builds the modules, starts them in order and stops them in reverse.
import { join } from 'node:path';
import {
  applySecurityHeaders,
  createApp,
  crossSiteRefusal,
  liveDoor,
  originSet,
  playbackAccess,
  WebServers,
} from './api/index.js';
import { CameraFleet } from './cameras/index.js';
import type { VigilConfig } from './config/index.js';
import { openDatabase, prepareDataDir, type Db } from './db/index.js';
import { EventBus, EventCoalescer, EventLog, EventQueries, EventRetention, type DomainEvent } from './events/index.js';
import { Federation } from './federation/index.js';
import { createImageHealth } from './image-health/index.js';
import { hidesInput, prepareSpawn, resolveFfmpeg } from './ffmpeg/index.js';
import { IngestService } from './ingest/index.js';
import { LiveViewAudit } from './live/index.js';
import { PushGateway } from './push/index.js';
import { AdminReach, cameraRegistration } from './registration/index.js';
import { createPtz } from './ptz/index.js';
import { createPlaybackRouter, ExportService } from './playback/index.js';
import { EvidenceLocks, Recorder, RecordingStore, RetentionService } from './recording/index.js';
import {
  CameraStore,
  LoginThrottle,
  OrgStore,
  PasswordChecker,
  SessionStore,
  UserStore,
  ensureFirstStart,
  repointDemoCameras,
  reportDemoExposure,
  settleDemoExposure,
  ALL_INTERFACES,
  type DemoExposure,
  type FirstStartResult,
} from './org/index.js';
import type { Logger } from './shared/logger.js';
import { SecretBox } from './shared/secret-box.js';
import { startAll, stopAll, type Service } from './shared/service.js';
import { Realtime } from './realtime/index.js';
import { DemoFleet } from './simulator/index.js';
import { Snapshotter } from './snapshots/index.js';
import { createSupervision, type OverdueCheck } from './supervision/index.js';
import { startedEvent, type HubPorts, type HubStartInfo } from './hub-info.js';
import { VERSION, projectRoot } from './version.js';

export type { HubPorts, HubStartInfo } from './hub-info.js';

export class Hub {
  private started: Service[] = [];
  private db: Db | undefined;
  /** This hub's side of the federation, once started (for its tests and benchmarks). */
  federation: Federation | undefined;
  /** The HTTP application, once started (its routes are held to the OpenAPI document). */
  httpApp: ReturnType<typeof createApp> | undefined;
  /** The daily check of notices past their deadline (its tests run it at a time of their choosing). */
  overdueCheck: OverdueCheck | undefined;

  constructor(
    private readonly config: Readonly<VigilConfig>,
    private readonly logger: Logger,
    private readonly ports: HubPorts = {},
  ) {}

  async start(): Promise<HubStartInfo> {
    const { config, logger } = this;
    prepareDataDir(config.dataDir);
    const ffmpeg = await resolveFfmpeg({ configuredPath: config.ffmpeg.path });
    logger.info({ ffmpeg: ffmpeg.path, version: ffmpeg.versionText, origin: ffmpeg.origin }, 'using ffmpeg');
    // Once, before anything spawns: every ffmpeg the hub starts dies with it (setpriv --pdeathsig), if it can.
    const setpriv = await prepareSpawn();
    if (setpriv) logger.debug({ setpriv }, 'child processes die with the hub (setpriv --pdeathsig)');
    else logger.warn('setpriv --pdeathsig is not available: ffmpeg outlives a killed hub until its next write');
    if (!hidesInput(ffmpeg)) {
      logger.warn('ffmpeg before 5.0 takes camera URLs as arguments: other local users can read their passwords');
    }

    const db = openDatabase(join(config.dataDir, 'vigil.db'));
    this.db = db;
    const bus = new EventBus();
    const org = new OrgStore(db);
    const secrets = config.secretKey
      ? new SecretBox(config.secretKey)
      : SecretBox.fromKeyFile(join(config.dataDir, 'secret.key'));
    const cameras = new CameraStore(db, secrets);
    const users = new UserStore(db);
    const { auth } = config;
    const sessions = new SessionStore(db, {
      idleMs: auth.sessionIdleMinutes * 60_000,
      absoluteMs: auth.sessionMaxHours * 3_600_000,
    });
    const throttle = new LoginThrottle(db, {
      userFailures: auth.lockoutFailures,
      ipFailures: auth.lockoutIpFailures,
      windowMs: auth.lockoutMinutes * 60_000,
      lockMs: auth.lockoutMinutes * 60_000,
    });
    const eventLog = new EventLog(db, bus, logger.child({ module: 'events' }), (cameraId) => cameras.get(cameraId));
    // Repeated identical failures (logins, refused pushes and exports) become one event per window with a count.
    const coalescer = new EventCoalescer({
      publish: (event) => bus.publish(event),
      windowMs: config.events.coalesceSeconds * 1000,
    });
    const GB = 1e9;
    const DAY_MS = 86_400_000;
    const eventRetention = new EventRetention({
      db,
      retentionDays: config.events.retentionDays,
      auditRetentionDays: config.events.auditRetentionDays,
      budgetBytes: config.events.maxDbGb * GB,
      publish: (event) => bus.publish(event),
      logger: logger.child({ module: 'event-retention' }),
    });

    // The demo's simulated cameras, served from inside the hub on 127.0.0.1.
    const demo = DemoFleet.of({ config: config.demo, ffmpeg, logger });

    // Recording: one reader per recorded camera's main stream, its SQLite index, retention and export.
    const recordings = new RecordingStore(db);
    const locks = new EvidenceLocks(db); // footage of locked cases: retention never deletes it
    const exports = new ExportService({
      dataDir: config.dataDir,
      lookup: recordings,
      describeCamera: (cameraId) => cameras.get(cameraId),
      events: bus,
      refusals: coalescer,
      logger: logger.child({ module: 'export' }),
      ffmpegPath: ffmpeg.path,
      hubVersion: VERSION,
      limits: {
        maxConcurrent: config.exports.maxConcurrent,
        maxQueued: config.exports.maxQueued,
        perUserConcurrent: config.exports.perUserConcurrent,
        perUserDailyCount: config.exports.perUserDailyCount,
        perUserDailyBytes: config.exports.perUserDailyGb * GB,
        budgetBytes: config.exports.maxTotalGb * GB,
        retentionMs: config.exports.retentionDays * DAY_MS,
      },
    });
    // One sweep for the whole volume: exports and the event log by their own rules first, then recordings, whose
    // free-space floor counts those two at their full budgets, so their growth never deletes a recording.
    const retention = new RetentionService({
      dataDir: config.dataDir,
      index: recordings,
      events: bus,
      logger: logger.child({ module: 'retention' }),
      retentionDays: (cameraId) => cameras.get(cameraId)?.retentionDays,
      quotaBytes: config.recording.quotaGb === undefined ? undefined : config.recording.quotaGb * GB,
      minFreeBytes: config.recording.minFreeGb * GB,
      minFreePercent: config.recording.minFreePercent,
      intervalMs: config.recording.retentionSweepSeconds * 1000,
      tenants: [exports, eventRetention],
      locks,
      ports: this.ports.statfs ? { statfs: this.ports.statfs } : undefined,
    });
    const recorder = new Recorder({
      dataDir: config.dataDir,
      index: recordings,
      events: bus,
      logger: logger.child({ module: 'recording' }),
      segmentSeconds: config.recording.segmentSeconds,
      onDiskFull: () => retention.requestSweep('disk-full'),
    });

    // Admin reach: what camera administration may connect to; the demo's simulated cameras are on loopback.
    const reach = new AdminReach([...config.registration.allowTargets, ...(demo ? ['loopback'] : [])]);
    if (demo) logger.info('demo: camera administration may reach loopback (the simulated cameras are there)');

    const allowedOrigins = originSet(config.server.allowedOrigins);
    const realtime = new Realtime({
      users,
      org,
      sessions,
      enterpriseOf: (cameraId) => cameras.get(cameraId)?.enterpriseId,
      logger: logger.child({ module: 'realtime' }),
      // The same edge policy as the API: a page of another site opens no socket; every answer has the headers.
      refuseHandshake: (req) => crossSiteRefusal(req, allowedOrigins),
      engineMiddleware: applySecurityHeaders,
    });
    realtime.follow(bus);
    const ingest = new IngestService({
      binary: ffmpeg,
      startsPerSecond: config.ingest.startsPerSecond,
      maxStartsInFlight: config.ingest.maxStartsInFlight,
      engine: config.ingest.engine,
      logger: logger.child({ module: 'ingest' }),
      onStatus: (event) => fleet.onSourceStatus(event),
    });
    // Where the servers listen depends on the accounts the first start leaves: decided then, read when they start.
    let exposure: DemoExposure = {
      host: config.server.host ?? ALL_INTERFACES,
      loopbackForDemo: false,
      open: [],
      deleted: [],
    };
    const listenHost = (): string => exposure.host;
    // Devices that push: a pushed camera's ingest starts when its push does and stops when it ends.
    const push = config.push.enabled
      ? new PushGateway({
          host: config.push.host ?? listenHost,
          port: config.push.port,
          cameras,
          bus,
          refusals: coalescer,
          maxConnections: config.push.maxConnections,
          maxConnectionsPerAddress: config.push.maxConnectionsPerAddress,
          logger: logger.child({ module: 'push' }),
          onPublish: (cameraId) => void reopen(cameraId),
          onUnpublish: (cameraId) => void fleet.close(cameraId),
        })
      : undefined;
    const reopen = async (cameraId: string): Promise<void> => {
      const camera = cameras.get(cameraId);
      if (camera) await fleet.open(camera);
    };
    const fleet: CameraFleet = new CameraFleet({
      cameras,
      pushSource: (cameraId) => push?.ingestUrl(cameraId),
      ingest,
      snapshots: new Snapshotter({ ffmpegPath: ffmpeg.path }),
      bus,
      logger: logger.child({ module: 'cameras' }),
      livePath: '/live',
      remoteSource: (camera, stream) => federation.remoteSource(camera, stream),
      onOpened: (camera) => {
        const main = camera.enabled && camera.recordMode === 'continuous' ? fleet.source(camera.id, 'main') : undefined;
        if (main) recorder.record(camera.id, main.output);
        else void recorder.stopRecording(camera.id);
      },
      onStatus: (change) => realtime.statusChange(change),
      transcode: { ...config.transcode, ffmpeg, refusals: coalescer },
    });
    // Branch hubs under a center: the hub's nats-server and its side of the link (nothing when standalone).
    const federation = (this.federation = new Federation({
      config: config.federation,
      dataDir: config.dataDir,
      db,
      org,
      cameras,
      bus,
      eventLog,
      fleet,
      recordings,
      livePath: '/live',
      onStatus: (change) => realtime.statusChange(change),
      refusals: coalescer,
      logger,
    }));
    const publish = (event: DomainEvent): void => bus.publish(event);
    const events = new EventQueries(db, {
      cameraUnit: (id) => cameras.get(id)?.orgUnitId,
      enterpriseUnit: (id) => org.getEnterprise(id)?.orgUnitId,
    });
    const imageHealth = createImageHealth({ db, config, fleet, cameras, publish, logger, now: this.ports.clock });
    const supervision = createSupervision({
      ...{ db, dataDir: config.dataDir, org, users, cameras, fleet, publish, events, now: this.ports.clock },
      ...{ ffmpegPath: ffmpeg.path, recordings, locks, logger: logger.child({ module: 'cases' }) },
      ...{ scores: config.scores, imageChecks: () => imageHealth.store.latestOfAll() },
      onNoticeChanged: (orgUnitId, enterpriseId, message) => realtime.noticeChanged(orgUnitId, enterpriseId, message),
    });
    this.overdueCheck = supervision.overdueCheck;
    realtime.serveOverview((scope) => supervision.reports.overview.of(scope));
    const ptz = createPtz({ cameras, bus, logger, onSteering: (unit, message) => realtime.ptzSteering(unit, message) });
    const liveAudit = new LiveViewAudit({
      publish: (event) => bus.publish(event),
      nameOf: (cameraId) => cameras.get(cameraId)?.name,
    });
    const liveRouter = liveDoor({ cameras, audit: liveAudit, streams: fleet });
    const playbackRouter = createPlaybackRouter({
      lookup: recordings,
      dataDir: config.dataDir,
      exports,
      requireReason: config.playback.requireReason,
      remote: federation.playback,
      ...playbackAccess({ cameras, events: bus }),
    });
    const app = (this.httpApp = createApp({
      logger: logger.child({ module: 'api' }),
      version: VERSION,
      startedAt: Date.now(),
      ffmpeg,
      org,
      cameras,
      users,
      sessions,
      throttle,
      passwords: new PasswordChecker(),
      bus,
      failures: coalescer,
      rateLimit: config.rateLimit,
      allowedOrigins: config.server.allowedOrigins,
      onUserChanged: (userId) => realtime.refreshUser(userId),
      runtime: federation.runtime(fleet),
      federationLinks: federation,
      snapshots: fleet,
      ptz,
      metrics: fleet,
      supervision,
      imageHealth,
      events,
      mounts: [
        { path: '/live', router: liveRouter },
        { path: '/playback', router: playbackRouter },
      ],
      registration: cameraRegistration({
        ...{ cameras, org, fleet, bus, reach, ffmpeg, logger, push },
        pushPublicUrl: config.push.publicUrl,
      }),
      webDir: join(projectRoot(), 'dist', 'web'),
    }));
    const web = new WebServers({
      app,
      engine: realtime.io.engine,
      host: listenHost,
      httpPort: config.server.port,
      https: config.server.https,
      publicUrl: config.server.publicUrl,
      dataDir: config.dataDir,
      logger: logger.child({ module: 'http' }),
    });
    const realtimeService: Service = { name: 'realtime', start: () => undefined, stop: () => realtime.close() };

    let first: FirstStartResult = { seededDemo: false, generatedAdminPassword: undefined };
    const firstStart: Service = {
      name: 'first-start',
      start: async () => {
        const rtspBase = demo?.rtspBase ?? '';
        first = await ensureFirstStart({
          db,
          org,
          cameras,
          users,
          logger,
          admin: config.admin,
          demo: config.demo.enabled ? { ...config.demo, rtspBase, domeOnvifUrl: demo?.domeOnvifUrl } : undefined,
        });
        if (demo && !first.seededDemo) repointDemoCameras(db, rtspBase, demo.domeOnvifUrl);
        if (first.seededDemo) supervision.seedDemo();
        exposure = await settleDemoExposure(users, {
          demoEnabled: config.demo.enabled,
          configuredHost: config.server.host,
        });
        reportDemoExposure(exposure, logger, (event) => bus.publish(event));
      },
      stop: () => undefined,
    };

    this.started = await startAll(
      [
        eventLog, // every later module may publish events
        coalescer, // stopped just before the event log: the counts still open are written as summaries
        liveAudit, // who watches which camera; stopped after the servers, so every open view is ended and logged
        ptz, // who steers which PTZ camera; stopped after the servers, so every steering session is logged
        ...(demo ? [demo] : []), // simulated cameras before anything reads them
        firstStart, // a center and an administrator exist, and the demo province when the demo is on
        recorder, // repairs what a crash left open, before any new file is opened
        fleet, // camera sources: recorded cameras start now (and are recorded), the others on their first viewer
        ...(push ? [push] : []), // the RTMP gateway for devices that push; their ingest starts with each push
        exports, // clip exports run in ffmpeg, a few at once; reads the exports on disk for the quotas; killed at stop
        retention, // exports and events by their own rules, then recordings by age, quota and free-space floor
        ...supervision.services, // patrol planning and overdue tasks; notices past their deadline, flagged daily
        imageHealth.checks, // every enabled camera's picture judged once a day, one or two cameras at a time
        ...federation.services, // nats-server, then the branch's or the center's side of the link
        realtimeService, // socket.io rooms per org unit (closed before the sockets under it)
        web, // the console, the API and media, last: everything it serves is ready
      ],
      (name) => logger.debug({ service: name }, 'started'),
    );

    bus.publish(startedEvent(VERSION, ffmpeg));
    const host = ['0.0.0.0', '::'].includes(exposure.host) ? '127.0.0.1' : exposure.host;
    return {
      url:
        config.server.publicUrl ??
        (web.httpsPort ? `https://${host}:${web.httpsPort}/` : `http://${host}:${web.httpPort}/`),
      httpUrl: `http://${host}:${web.httpPort}/`,
      httpPort: web.httpPort,
      httpsPort: web.httpsPort,
      ffmpeg,
      generatedAdminPassword: first.generatedAdminPassword,
      seededDemo: first.seededDemo,
      host: exposure.host,
      loopbackForDemo: exposure.loopbackForDemo,
      demoAccounts: exposure.open.map((user) => user.username),
      nats: federation.ports(),
    };
  }

  async stop(): Promise<void> {
    await stopAll(this.started, (name, error) => this.logger.error({ err: error, service: name }, 'stop failed'));
    this.started = [];
    this.db?.close();
    this.db = undefined;
  }
}
