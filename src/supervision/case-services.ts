// The cases module as the hub wires it: the store, its views, the export service and the evidence locks, from the
// hub's stores (one call in hub.ts).
import type { Db } from '../db/index.js';
import type { EvidenceLocks } from '../recording/index.js';
import type { Logger } from '../shared/index.js';
import { CaseExportService, type CaseExportOptions } from './case-export.js';
import { CaseStore } from './case-store.js';
import { CaseViews, type CaseMaterialSource, type CaseViewDeps } from './case-views.js';
import type { SnapshotStore } from './snapshot-store.js';

export interface CaseServicesOptions {
  db: Db;
  dataDir: string;
  ffmpegPath: string;
  cameras: CaseViewDeps['cameras'];
  enterprises: CaseViewDeps['enterprises'];
  recordings: CaseViewDeps['recordings'] & CaseExportOptions['recordings'];
  snapshots: SnapshotStore;
  locks: EvidenceLocks;
  /** Notices and answer photos (the notices module). */
  material: CaseMaterialSource;
  logger?: Logger;
}

export interface CaseServices {
  store: CaseStore;
  views: CaseViews;
  exports: CaseExportService;
  locks: EvidenceLocks;
  material: CaseMaterialSource;
}

export function caseServices(options: CaseServicesOptions): CaseServices {
  const { db, dataDir, ffmpegPath, cameras, enterprises, recordings, snapshots, locks, material, logger } = options;
  return {
    store: new CaseStore(db, locks),
    views: new CaseViews({ cameras, enterprises, recordings, snapshots, locks, material }),
    exports: new CaseExportService({ dataDir, ffmpegPath, recordings, snapshots, material, logger }),
    locks,
    material,
  };
}
