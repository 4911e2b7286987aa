// Supervision as the hub builds it: the stores and services over the organisation, the cameras and their status, and
// the cases over the recordings and their evidence locks.
import type { Db } from '../db/index.js';
import type { DomainEvent } from '../events/index.js';
import { DEMO_DOME, type CameraStore, type OrgStore, type UserStore } from '../org/index.js';
import type { EvidenceLocks, RecordingStore } from '../recording/index.js';
import type { Logger } from '../shared/logger.js';
import type { Service } from '../shared/service.js';
import { seedDemoCase } from './case-demo.js';
import { caseServices } from './case-services.js';
import type { CaseMaterialSource } from './case-views.js';
import { seedDemoSupervision } from './demo-supervision.js';
import { Patrols } from './patrols.js';
import { ProfileStore } from './profile-store.js';
import { SnapshotStore, type StillSource } from './snapshot-store.js';

export interface SupervisionWiring {
  db: Db;
  dataDir: string;
  org: OrgStore;
  users: UserStore;
  cameras: CameraStore;
  /** The running cameras: their status, and stills for evidence. */
  fleet: StillSource & { statusOf(cameraId: string): { status: string } };
  publish: (event: DomainEvent) => void;
  /** For cases: the clips' recordings, the locks retention honours, and ffmpeg to cut the clips of an export. */
  ffmpegPath: string;
  recordings: RecordingStore;
  locks: EvidenceLocks;
  /** Notices and answer photos for cases, from the notices module. */
  material?: CaseMaterialSource;
  logger?: Logger;
}

export function createSupervision(deps: SupervisionWiring) {
  const { db, org, users, cameras, fleet } = deps;
  const snapshots = new SnapshotStore(db, deps.dataDir, fleet);
  const patrols = new Patrols({
    db,
    snapshots,
    publish: deps.publish,
    cameras: { list: () => cameras.list(), statusOf: (cameraId) => fleet.statusOf(cameraId).status },
    org: {
      // Only enterprises with a camera to look at are planned for.
      enterprises: () => {
        const watched = new Set(
          cameras
            .list()
            .filter((camera) => camera.enabled)
            .map((camera) => camera.enterpriseId),
        );
        return org.listEnterprises().filter((enterprise) => watched.has(enterprise.id));
      },
      inspectors: (orgUnitId) =>
        users
          .list()
          .filter((user) => user.role === 'inspector' && user.orgUnitId === orgUnitId && !user.disabled)
          .map((user) => ({ id: user.id, name: user.displayName })),
      enterpriseName: (id) => org.getEnterprise(id)?.name,
      userName: (id) => users.get(id)?.displayName,
    },
  });
  const { ffmpegPath, recordings, locks, material, logger } = deps;
  const cases = caseServices({
    ...{ db, dataDir: deps.dataDir, ffmpegPath, cameras, enterprises: org, recordings, locks },
    ...{ snapshots, material, logger },
  });
  const services: Service[] = [patrols, cases.exports];
  const profiles = new ProfileStore(db, (enterpriseId) => patrols.records.points(enterpriseId));
  /** Once, right after the demo province was seeded: its profiles, plans and patrol history, and one locked case. */
  const seedDemo = (): void => {
    const cameraIds = cameras.list().map((camera) => camera.id);
    const enterpriseIds = new Set(org.listEnterprises().map((enterprise) => enterprise.id));
    seedDemoSupervision({ patrols, profiles, users, cameraIds, domeCameraId: DEMO_DOME.cameraId }, enterpriseIds);
    seedDemoCase(cases.store, cameras);
  };
  return { profiles, snapshots, patrols, cases, services, seedDemo };
}
