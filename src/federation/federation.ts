// The federation of one hub, from its config: nothing when standalone, else its nats-server and its side of the link.
import { join } from 'node:path';
import type { FederationConfig } from '../config/index.js';
import {
  RangesReply,
  type CameraStatus,
  type FederatedEvent,
  type FederationLinkView,
  type RangesRequest,
  type StreamHealth,
} from '../contracts/index.js';
import type { Db } from '../db/index.js';
import type { DomainEvent, EventBus, EventLog } from '../events/index.js';
import type { CameraRecord, CameraStore, OrgStore } from '../org/index.js';
import type { RecordingLookup, RemoteFootage } from '../playback/index.js';
import type { NewRecording } from '../recording/index.js';
import type { Logger } from '../shared/logger.js';
import { VigilError } from '../shared/errors.js';
import type { Service } from '../shared/service.js';
import { BranchLink } from './branch-link.js';
import { BranchRecords } from './branch-records.js';
import { buildCatalog } from './catalog.js';
import { CatalogMirror, mirroredId, splitMirroredId } from './catalog-mirror.js';
import { CenterLink, type LinkChange } from './center-link.js';
import { decode, encode, type LocalNats } from './connection.js';
import { branchConf, centerConf, HUB_USER, subjects } from './nats-conf.js';
import { NatsServerProcess } from './nats-server.js';
import { LiveLeases, type LeaseSource } from './live-leases.js';
import { RemotePlayback } from './remote-playback.js';
import { RemoteRecordings } from './remote-recordings.js';
import { RemoteSource } from './remote-source.js';
import { Retrievals } from './retrieval.js';
import { RetrievalStore } from './retrieval-store.js';

type Span = { startMs: number; endMs: number };

type StatusOf = (cameraId: string) => { status: CameraStatus; reason: string | null };

/** What the API reads of running cameras (the fleet's answers for this hub's own). */
export interface OwnRuntime {
  statusOf: StatusOf;
  healthOf(cameraId: string): { main: StreamHealth | null; sub: StreamHealth | null } | null;
  liveUrls(cameraId: string): { main: string; sub: string | null } | null;
}

export interface FederationDeps {
  config: FederationConfig;
  dataDir: string;
  db: Db;
  org: OrgStore;
  cameras: CameraStore;
  bus: EventBus;
  eventLog: EventLog;
  /** This hub's own running cameras: their status (for its catalog) and streams (for the center's leases). */
  fleet: {
    statusOf: StatusOf;
    source(cameraId: string, stream: 'main' | 'sub'): LeaseSource | undefined;
  };
  /** Mount point of the live routes. */
  livePath: string;
  /** This hub's recording index: a branch answers the center from it, the center adds retrieved files to it. */
  recordings: RecordingLookup & { insert(recording: NewRecording): number };
  logger: Logger;
}

/** A branch event as the center logs it: the branch's ids made unique at the center, scoped to the branch. */
export function centerEventOf(branchId: string, event: FederatedEvent): Omit<FederatedEvent, 'id'> {
  const mapped = (id: string | null) => (id === null ? null : mirroredId(branchId, id));
  return {
    ...event,
    cameraId: mapped(event.cameraId),
    enterpriseId: mapped(event.enterpriseId),
    orgUnitId: branchId,
    userId: mapped(event.userId),
  };
}

export class Federation {
  readonly services: Service[] = [];
  readonly center: CenterLink | undefined;
  /** At a center: branch cameras' recordings, played and retrieved. */
  readonly playback: RemoteFootage | undefined;
  private readonly retrievals: Retrievals | undefined;
  private readonly mirror: CatalogMirror | undefined;
  private readonly server: NatsServerProcess | undefined;
  private readonly leases: LiveLeases | undefined;
  private readonly remoteSources = new Map<string, RemoteSource>();

  constructor(private readonly deps: FederationDeps) {
    const { config, logger } = deps;
    if (config.role === 'standalone') return;
    const log = logger.child({ module: 'federation' });
    if (config.nats.embedded) {
      this.server = new NatsServerProcess({
        serverPath: config.nats.serverPath,
        dir: join(deps.dataDir, 'nats'),
        logger: log.child({ part: 'nats-server' }),
        render: (settings) => {
          const common = {
            port: settings.clientPort ?? config.nats.port,
            storeDir: settings.storeDir,
            hubPassword: settings.hubPassword,
          };
          return config.role === 'center'
            ? centerConf({
                ...common,
                leafHost: config.leaf.host,
                leafPort: settings.leafPort ?? config.leaf.port,
                branches: config.branches,
              })
            : branchConf({
                ...common,
                branchId: config.branchId as string,
                centerUrl: config.centerUrl as string,
                centerPassword: config.centerPassword as string,
              });
        },
      });
      this.services.push(this.server);
    }
    if (config.role === 'branch') {
      const branchId = config.branchId as string;
      this.leases = new LiveLeases({
        branchId,
        sourceOf: (cameraId, stream) => deps.fleet.source(cameraId, stream),
        nameOf: (cameraId) => deps.cameras.get(cameraId)?.name,
        leaseMs: config.leaseSeconds * 1000,
        publish: (event) => deps.bus.publish(event),
        logger: log.child({ part: 'leases' }),
      });
      this.services.push(
        new BranchLink({
          branchId,
          nats: () => this.localNats(),
          db: deps.db,
          catalog: () =>
            buildCatalog(branchId, {
              getUnit: (id) => deps.org.getUnit(id),
              listEnterprises: () => deps.org.listEnterprises(),
              listCameras: () => deps.cameras.list(),
              statusOf: (cameraId) => deps.fleet.statusOf(cameraId),
            }),
          onChange: (listener) => deps.bus.onLogged(listener),
          leases: this.leases,
          records: new BranchRecords({
            branchId,
            dataDir: deps.dataDir,
            lookup: deps.recordings,
            nameOf: (cameraId) => deps.cameras.get(cameraId)?.name,
            publish: (event) => deps.bus.publish(event),
          }),
          checkMs: config.heartbeatSeconds * 1000,
          logger: log,
        }),
      );
    } else {
      this.mirror = new CatalogMirror(deps.db);
      this.center = new CenterLink({
        branches: config.branches,
        nats: () => this.localNats(),
        mirror: this.mirror,
        writeEvent: (branchId, event) =>
          deps.eventLog.writeMirrored(centerEventOf(branchId, event), branchId, event.id),
        onLink: (change) => deps.bus.publish(linkEvent(change)),
        logger: log,
        pingMs: config.heartbeatSeconds * 1000,
        staleAfterMs: config.staleAfterSeconds * 1000,
        budgetShare: config.budgetShare,
        headroom: config.headroom,
        retrievalsOn: (branchId) => this.retrievals?.runningOn(branchId) ?? 0,
      });
      this.services.push(this.center);
      const remote = new RemoteRecordings({
        connection: () => this.center?.nats,
        isUp: (branchId) => this.center?.isUp(branchId) ?? false,
      });
      const store = new RetrievalStore(deps.db);
      this.retrievals = this.newRetrievals(this.center, remote, store, log);
      this.services.push(this.retrievals);
      this.playback = this.remotePlayback(this.center, remote, store, this.retrievals);
    }
  }

  /** The center's retrieval jobs (a service of their own: they resume after a restart). */
  private newRetrievals(center: CenterLink, remote: RemoteRecordings, store: RetrievalStore, log: Logger) {
    const { config, recordings, dataDir, bus } = this.deps;
    return new Retrievals({
      store,
      remote,
      dataDir,
      recordings,
      isUp: (branchId) => center.isUp(branchId),
      localIdOf: (cameraId) => splitMirroredId(cameraId)?.localId,
      // Retrieval gives way first: it uses only what live and playback leave, never more than its cap. It is paced
      // at 90 % of that: NATS and TCP framing ride on the same line, and a piece arrives at the line's rate, so any
      // second may carry one piece more than the pace.
      rateKbps: (branchId) =>
        0.9 * Math.min(config.retrievalKbps, center.budget(branchId)?.freeKbps ?? config.retrievalKbps),
      capKbps: config.retrievalKbps,
      onBytes: (branchId, bytes) => center.budget(branchId)?.meter.add(bytes),
      publish: (event) => bus.publish(event),
      logger: log.child({ part: 'retrieval' }),
    });
  }

  private remotePlayback(
    center: CenterLink,
    remote: RemoteRecordings,
    store: RetrievalStore,
    retrievals: Retrievals,
  ): RemoteFootage {
    return new RemotePlayback({
      mirrored: (cameraId) => {
        const origin = this.mirroredCamera(cameraId)?.origin;
        const local = splitMirroredId(cameraId);
        return origin && local ? { branchId: origin, localId: local.localId } : undefined;
      },
      branchRanges: (branchId, localId, fromMs, toMs) => this.askRanges(center, branchId, localId, { fromMs, toMs }),
      remote,
      recordings: this.deps.recordings,
      store,
      retrievals: {
        capKbps: this.deps.config.retrievalKbps,
        create: (request) => {
          const origin = this.mirroredCamera(request.cameraId)?.origin;
          if (!origin) throw new VigilError('VIGIL_NOT_FOUND', 'Only a branch camera can be retrieved');
          return retrievals.view(retrievals.create({ ...request, branchId: origin }));
        },
        get: (id) => {
          const job = retrievals.get(id);
          return job ? retrievals.view(job) : undefined;
        },
        list: (cameraId) => retrievals.list(cameraId).map((job) => retrievals.view(job)),
        cancel: (id) => retrievals.cancel(id),
        retrieving: (cameraId, fromMs, toMs) => retrievals.retrieving(cameraId, fromMs, toMs),
      },
      dataDir: this.deps.dataDir,
      budget: (branchId) => center.budget(branchId),
    });
  }

  /** Each branch's link at the center (none elsewhere). */
  views(): FederationLinkView[] {
    return this.center?.views() ?? [];
  }

  /**
   * The status of any camera: this hub's own from its fleet; a mirrored one as its branch last reported it while
   * the link is up, and offline with the reason while it is down (the camera stays listed, marked stale).
   */
  statusOf(cameraId: string, own: StatusOf): { status: CameraStatus; reason: string | null } {
    const camera = this.mirroredCamera(cameraId);
    if (!camera?.origin || !this.mirror || !this.center) return own(cameraId);
    if (!this.center.isUp(camera.origin)) {
      return { status: 'offline', reason: `branch hub ${camera.origin} is unreachable: last known state shown` };
    }
    return this.mirror.statusOf(cameraId) ?? { status: 'offline', reason: 'no status from the branch yet' };
  }

  /** The hub's camera runtime with mirrored cameras' status and staleness laid over the fleet's. */
  runtime(own: OwnRuntime): OwnRuntime & { isStale(origin: string): boolean } {
    return {
      statusOf: (cameraId) => this.statusOf(cameraId, (id) => own.statusOf(id)),
      healthOf: (cameraId) => own.healthOf(cameraId),
      liveUrls: (cameraId) => this.remoteLiveUrls(cameraId) ?? own.liveUrls(cameraId),
      isStale: (origin) => this.isStale(origin),
    };
  }

  /**
   * The live source of a mirrored camera: one per camera stream, shared by every center viewer, leased from its
   * branch while watched. None while the branch is unreachable. A stream nobody watches yet must fit in its link's
   * budget, or this throws the refusal with the reason.
   */
  remoteSource(camera: CameraRecord, stream: 'main' | 'sub'): RemoteSource | undefined {
    const center = this.center;
    const origin = camera.origin;
    if (!center || !origin || !center.isUp(origin)) return undefined;
    const key = `${camera.id}/${stream}`;
    const source = this.remoteSources.get(key) ?? this.newRemoteSource(camera, origin, stream, center);
    if (source && !source.watched) center.budget(origin)?.admit(key, this.deps.config.estimateKbps[stream]);
    return source;
  }

  private newRemoteSource(
    camera: CameraRecord,
    origin: string,
    stream: 'main' | 'sub',
    center: CenterLink,
  ): RemoteSource | undefined {
    const key = `${camera.id}/${stream}`;
    const local = splitMirroredId(camera.id);
    if (!local) return undefined;
    const { config } = this.deps;
    const source = new RemoteSource(
      {
        branchId: origin,
        localCameraId: local.localId,
        cameraId: camera.id,
        stream,
        connection: () => center.nats,
        renewMs: (config.leaseSeconds * 1000) / 3,
        logger: this.deps.logger.child({ module: 'federation', camera: camera.id, stream }),
        reservation: {
          update: (kbps) => center.budget(origin)?.update(key, kbps),
          release: () => center.budget(origin)?.release(key),
        },
      },
      config.lingerSeconds * 1000,
    );
    this.remoteSources.set(key, source);
    return source;
  }

  private async askRanges(
    center: CenterLink,
    branchId: string,
    localId: string,
    asked: { fromMs: number; toMs: number },
  ): Promise<{ recorded: Span[]; gaps: Span[] }> {
    const unreachable = `branch hub ${branchId} is unreachable: its recordings cannot be listed now`;
    const connection = center.nats;
    if (!connection || !center.isUp(branchId)) throw new VigilError('VIGIL_UNAVAILABLE', unreachable);
    const request: RangesRequest = { cameraId: localId, fromMs: asked.fromMs, toMs: asked.toMs };
    const reply = await connection
      .request(subjects.ranges(branchId), encode(request), { timeout: 10_000 })
      .then((message) => RangesReply.parse(decode(message.data)))
      .catch(() => {
        throw new VigilError('VIGIL_UNAVAILABLE', unreachable);
      });
    if (!reply.ok) throw new VigilError('VIGIL_VALIDATION', reply.message);
    return { recorded: reply.recorded, gaps: reply.gaps };
  }

  /** Outgoing live streams of a branch hub, to the center. */
  get outgoingStreams(): number {
    return this.leases?.outgoing ?? 0;
  }

  /** Live URLs of a mirrored camera while its branch is reachable; undefined for this hub's own cameras. */
  private remoteLiveUrls(cameraId: string): { main: string; sub: string | null } | null | undefined {
    const camera = this.mirroredCamera(cameraId);
    if (!this.center || !camera?.origin) return undefined;
    if (!this.center.isUp(camera.origin)) return null;
    const base = `${this.deps.livePath}/${encodeURIComponent(cameraId)}`;
    return { main: `${base}/main/index.m3u8`, sub: camera.subUrl ? `${base}/sub/index.m3u8` : null };
  }

  /**
   * A camera mirrored from a branch, at a center; undefined otherwise. Only an id of the mirrored form is looked up,
   * so listing this hub's own cameras costs no extra query per camera.
   */
  private mirroredCamera(cameraId: string): CameraRecord | undefined {
    if (!this.center || !splitMirroredId(cameraId)) return undefined;
    const camera = this.deps.cameras.get(cameraId);
    return camera?.origin ? camera : undefined;
  }

  /** Whether a mirrored camera's branch is unreachable (its entry is stale); false for this hub's own cameras. */
  isStale(origin: string): boolean {
    return this.center ? !this.center.isUp(origin) : false;
  }

  /** The embedded nats-server's client and leaf ports, once started (undefined when standalone or operator-run). */
  ports(): { client: number; leaf: number | undefined } | undefined {
    return this.server ? { client: this.server.clientPort, leaf: this.server.leafPort } : undefined;
  }

  private localNats(): LocalNats {
    const { nats } = this.deps.config;
    if (this.server) {
      return { servers: `127.0.0.1:${this.server.clientPort}`, user: HUB_USER, pass: this.server.hubPassword };
    }
    return { servers: nats.url as string, user: nats.user ?? '', pass: nats.password ?? '' };
  }
}

function linkEvent(change: LinkChange): DomainEvent {
  const up = change.state === 'up';
  return {
    type: up ? 'federation.link.up' : 'federation.link.down',
    severity: up ? 'info' : 'warning',
    orgUnitId: change.branchId,
    message: up
      ? `Link to branch hub ${change.branchId} is up`
      : `Link to branch hub ${change.branchId} is down: its cameras are shown as last known`,
    data: {
      branchId: change.branchId,
      lastSeenAt: change.lastSeenAt === null ? null : new Date(change.lastSeenAt).toISOString(),
    },
  };
}
