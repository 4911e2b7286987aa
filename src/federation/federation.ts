// The federation of one hub, from its config: nothing when standalone, else its nats-server and its side of the link.
import { join } from 'node:path';
import type { FederationConfig } from '../config/index.js';
import type { CameraState, FederatedEvent, FederationLinkView, LiveUrls, StreamHealth } from '../contracts/index.js';
import type { Db } from '../db/index.js';
import type { DomainEvent, EventBus, EventCoalescer, EventLog, FederationRefusalEvent } from '../events/index.js';
import type { CameraRecord, CameraStore, OrgStore } from '../org/index.js';
import type { RecordingLookup, RemoteFootage } from '../playback/index.js';
import type { NewRecording } from '../recording/index.js';
import { isVigilError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { Service } from '../shared/service.js';
import { BranchLink } from './branch-link.js';
import { BranchRecords } from './branch-records.js';
import { buildCatalog } from './catalog.js';
import { CatalogMirror, mirroredId, splitMirroredId } from './catalog-mirror.js';
import { CenterLink, type LinkChange } from './center-link.js';
import type { LocalNats } from './connection.js';
import { branchConf, centerConf, HUB_USER } from './nats-conf.js';
import { NatsServerProcess } from './nats-server.js';
import { LiveLeases, type LeaseSource } from './live-leases.js';
import { RemoteSource } from './remote-source.js';
import type { Retrievals } from './retrieval.js';
import { centerRecordings } from './center-recordings.js';

type StatusOf = (cameraId: string) => CameraState;

/** What the API reads of running cameras (the fleet's answers for this hub's own). */
export interface OwnRuntime {
  statusOf: StatusOf;
  healthOf(cameraId: string): { main: StreamHealth | null; sub: StreamHealth | null } | null;
  liveUrls(cameraId: string): LiveUrls | null;
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
  /** Refusals for lack of room on a branch link: one event per camera and window, with a count. */
  refusals?: Pick<EventCoalescer, 'publish'>;
  /** A mirrored camera's status changed, or its branch went away or came back (the consoles' status dots). */
  onStatus?: (change: CameraState & { cameraId: string; orgUnitId: string; at: number }) => void;
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
        onLink: (change) => {
          deps.bus.publish(linkEvent(change));
          this.pushStatus(this.mirror?.mirroredCameraIds(change.branchId) ?? [], change.branchId);
        },
        onCatalog: (branchId, change) => this.pushStatus(change.statusChanged, branchId),
        logger: log,
        pingMs: config.heartbeatSeconds * 1000,
        staleAfterMs: config.staleAfterSeconds * 1000,
        budgetShare: config.budgetShare,
        headroom: config.headroom,
        retrievalsOn: (branchId) => this.retrievals?.runningOn(branchId) ?? 0,
      });
      this.services.push(this.center);
      const recordings = centerRecordings({
        ...deps,
        center: this.center,
        logger: log,
        admitting: (cameraId, admit) => {
          const camera = this.mirroredCamera(cameraId);
          if (camera) this.admitting(camera, 'playback', admit);
          else admit();
        },
        mirrored: (cameraId) => {
          const origin = this.mirroredCamera(cameraId)?.origin;
          const local = splitMirroredId(cameraId);
          return origin && local ? { branchId: origin, localId: local.localId } : undefined;
        },
      });
      this.retrievals = recordings.retrievals;
      this.services.push(this.retrievals);
      this.playback = recordings.playback;
    }
  }

  /** Each branch's link at the center (none elsewhere). */
  views(): FederationLinkView[] {
    return this.center?.views() ?? [];
  }

  /**
   * The status of any camera: this hub's own from its fleet; a mirrored one as its branch last reported it while
   * the link is up, and offline with the reason while it is down (the camera stays listed, marked stale).
   */
  statusOf(cameraId: string, own: StatusOf): CameraState {
    const camera = this.mirroredCamera(cameraId);
    if (!camera?.origin || !this.mirror || !this.center) return own(cameraId);
    if (!this.center.isUp(camera.origin)) {
      return {
        status: 'offline',
        reason: `branch hub ${camera.origin} is unreachable: last known state shown`,
        reasonCode: 'branch_unreachable',
      };
    }
    return (
      this.mirror.statusOf(cameraId) ?? {
        status: 'offline',
        reason: 'no status from the branch yet',
        reasonCode: 'branch_no_status',
      }
    );
  }

  /** Runs an admission on a branch link; a refusal is an event (coalesced per camera) before it is thrown on. */
  private admitting(camera: CameraRecord, what: FederationRefusalEvent['data']['what'], admit: () => void): void {
    try {
      admit();
    } catch (error) {
      if (!isVigilError(error) || error.code !== 'VIGIL_UNAVAILABLE' || !camera.origin) throw error;
      const { usedKbps = 0, budgetKbps = 0 } = (error.details ?? {}) as { usedKbps?: number; budgetKbps?: number };
      this.deps.refusals?.publish(
        {
          type: 'federation.admission.refused',
          severity: 'warning',
          cameraId: camera.id,
          orgUnitId: camera.origin,
          message: `${camera.name} (${what}) refused: ${error.message}`,
          data: { branchId: camera.origin, what, usedKbps: Math.round(usedKbps), budgetKbps },
        },
        { keys: [`federation.admission.refused|${camera.id}|${what}`] },
      );
      throw error;
    }
  }

  /** Tells the consoles the status of mirrored cameras of a branch, as the center shows it now. */
  private pushStatus(cameraIds: readonly string[], branchId: string): void {
    const own = () => ({ status: 'offline' as const, reason: null });
    for (const cameraId of cameraIds) {
      this.deps.onStatus?.({ cameraId, orgUnitId: branchId, ...this.statusOf(cameraId, own), at: Date.now() });
    }
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
    if (source && !source.watched) {
      this.admitting(camera, `live ${stream}`, () =>
        center.budget(origin)?.admit(key, this.deps.config.estimateKbps[stream]),
      );
    }
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

  /** Outgoing live streams of a branch hub, to the center. */
  get outgoingStreams(): number {
    return this.leases?.outgoing ?? 0;
  }

  /** Live URLs of a mirrored camera while its branch is reachable; undefined for this hub's own cameras. */
  private remoteLiveUrls(cameraId: string): LiveUrls | null | undefined {
    const camera = this.mirroredCamera(cameraId);
    if (!this.center || !camera?.origin) return undefined;
    if (!this.center.isUp(camera.origin)) return null;
    const base = `${this.deps.livePath}/${encodeURIComponent(cameraId)}`;
    // A center does not transcode a branch's camera (it would cost the center's CPU for the branch's codec).
    return { main: `${base}/main/index.m3u8`, sub: camera.subUrl ? `${base}/sub/index.m3u8` : null, transcode: null };
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
