// Supervision as the hub builds it: the stores and services over the organisation, the cameras and their status, and
// the cases over the recordings and their evidence locks.
import { ScoresConfig } from '../config/index.js';
import type { Db } from '../db/index.js';
import type { NoticeChangedMessage } from '../contracts/index.js';
import { eventItemFromRow, type DomainEvent, type EventQueries } from '../events/index.js';
import { DEMO_DOME, type CameraStore, type OrgStore, type UserStore } from '../org/index.js';
import type { EvidenceLocks, RecordingStore } from '../recording/index.js';
import type { Logger } from '../shared/logger.js';
import type { Service } from '../shared/service.js';
import {
  DayScores,
  MonthFacts,
  MonthlyReports,
  OverviewFigures,
  ScoreRollup,
  ScoreStore,
  type OverviewSources,
} from '../reports/index.js';
import { seedDemoCase } from './case-demo.js';
import { caseServices } from './case-services.js';
import { noticeMaterial } from './notice-material.js';
import { seedDemoSupervision } from './demo-supervision.js';
import { seedDemoPatrolHistory } from './demo-patrol-history.js';
import { seedDemoScores } from './demo-scores.js';
import { NoticeService, OverdueCheck, seedDemoNotices } from './notices/index.js';
import { Patrols } from './patrols.js';
import { ProfileStore } from './profile-store.js';
import { ScoreNotices } from './score-notices.js';
import { SnapshotStore, type StillSource } from './snapshot-store.js';

export interface SupervisionWiring {
  db: Db;
  dataDir: string;
  org: OrgStore;
  users: UserStore;
  cameras: CameraStore;
  /** The event log, whose newest warnings and errors the overview screen shows. */
  events: EventQueries;
  /** Every camera's latest image-health check, for the overview screen's image problems. */
  imageChecks: OverviewSources['latestChecks'];
  /** The running cameras: their status, and stills for evidence. */
  fleet: StillSource & { statusOf(cameraId: string): { status: string } };
  publish: (event: DomainEvent) => void;
  /** A notice changed: its branch, the center and its enterprise's accounts are told. */
  onNoticeChanged: (orgUnitId: string, enterpriseId: string, message: NoticeChangedMessage) => void;
  /** The clock of notices (tests move it); the system's by default. */
  now?: (() => number) | undefined;
  /** For cases: the clips' recordings, the locks retention honours, and ffmpeg to cut the clips of an export. */
  ffmpegPath: string;
  recordings: RecordingStore;
  locks: EvidenceLocks;
  logger?: Logger;
  /** Thresholds of the scores and the automatic notice; the defaults when left out. */
  scores?: ScoresConfig;
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
  // Rectification notices: their steps reach the rooms that see them; the overdue check flags them daily.
  const notices = new NoticeService({
    db,
    dataDir: deps.dataDir,
    lookups: {
      enterprise: (id) => org.getEnterprise(id),
      unitName: (id) => org.getUnit(id)?.name,
      snapshot: (id) => snapshots.get(id),
      camera: (id) => cameras.get(id),
    },
    ...(deps.now ? { now: deps.now } : {}),
  });
  const branchOf = (enterpriseId: string) => org.getEnterprise(enterpriseId)?.orgUnitId;
  notices.onChanged((notice, overdue) =>
    deps.onNoticeChanged(branchOf(notice.enterpriseId) ?? notice.orgUnitId, notice.enterpriseId, {
      id: notice.id,
      state: notice.state,
      overdue,
    }),
  );
  const overdueCheck = new OverdueCheck({ notices, publish: deps.publish, branchOf });
  // Cases: the clips, snapshots, notices and answer photos of one enterprise, locked against retention.
  const { ffmpegPath, recordings, locks, logger } = deps;
  const cases = caseServices({
    ...{ db, dataDir: deps.dataDir, ffmpegPath, cameras, enterprises: org, recordings, locks },
    ...{ snapshots, material: noticeMaterial(notices), logger },
  });
  const profiles = new ProfileStore(db, (enterpriseId) => patrols.records.points(enterpriseId));
  const scores = createScores({ ...deps, profiles, notices, branchOf });
  const reports = createReports(deps, scores);
  const services: Service[] = [patrols, overdueCheck, cases.exports, scores.rollup];
  /** Once, right after the demo province was seeded: profiles, plans, patrol history, a locked case, two months of scores. */
  const seedDemo = (): void => {
    const cameraIds = cameras.list().map((camera) => camera.id);
    const enterpriseIds = new Set(org.listEnterprises().map((enterprise) => enterprise.id));
    seedDemoSupervision({ patrols, profiles, users, cameraIds, domeCameraId: DEMO_DOME.cameraId }, enterpriseIds);
    seedDemoNotices(notices);
    seedDemoCase(cases.store, cameras);
    seedDemoPatrolHistory({ patrols, users, enterprises: org }, (deps.now ?? Date.now)());
    seedDemoScores(scores.store, profiles, cameras.list(), (deps.now ?? Date.now)());
  };
  return { profiles, snapshots, patrols, notices, overdueCheck, cases, scores, reports, services, seedDemo };
}

/**
 * Scores: each camera's day against its enterprise's declared production, stored once the day is over; an enterprise
 * that stays under the online threshold gets a notice from the hub.
 */
function createScores(
  deps: SupervisionWiring & {
    profiles: ProfileStore;
    notices: NoticeService;
    branchOf: (id: string) => string | undefined;
  },
) {
  const { db, cameras, profiles } = deps;
  const config = deps.scores ?? ScoresConfig.parse({});
  const store = new ScoreStore(db);
  const notices = new ScoreNotices({
    ...{ db, store, notices: deps.notices, config, branchOf: deps.branchOf, publish: deps.publish },
    cameraName: (id) => cameras.get(id)?.name,
  });
  const days = new DayScores(db, {
    enterpriseOf: (id) => cameras.get(id)?.enterpriseId,
    originOf: (id) => cameras.get(id)?.origin ?? null,
    declarationOf: (id) => profiles.declaration(id),
  });
  const rollup = new ScoreRollup({
    ...{ db, store, scores: days, now: deps.now ?? Date.now, backfillDays: config.backfillDays },
    onScored: (scored) => {
      const newest = scored.at(-1);
      if (newest) notices.check(newest);
    },
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  return { store, days, rollup, notices, config };
}

/** The monthly report and the overview screen, over the stored scores and the supervision tables. */
function createReports(deps: SupervisionWiring, scores: ReturnType<typeof createScores>) {
  const { db, org, cameras, fleet } = deps;
  const now = deps.now ?? Date.now;
  const thresholds = { online: scores.config.onlineThreshold, recorded: scores.config.recordedThreshold };
  const common = { scores: scores.store, enterprises: () => org.listEnterprises(), units: () => org.listUnits(), now };
  return {
    monthly: new MonthlyReports({
      ...common,
      facts: new MonthFacts(db, scores.store),
      thresholds,
    }),
    overview: new OverviewFigures({
      ...common,
      db,
      cameras: () => cameras.list(),
      statusOf: (cameraId) => fleet.statusOf(cameraId).status,
      thresholds,
      latestChecks: deps.imageChecks,
      alarms: (scope, limit) =>
        deps.events.page(scope, { severity: ['warning', 'error'] }, limit).rows.map(eventItemFromRow),
    }),
  };
}
