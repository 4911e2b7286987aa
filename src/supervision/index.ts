// Supervision: enterprise profiles, evidence snapshots, patrols, rectification notices and evidence cases.
export { ProfileStore, type CoveragePoints } from './profile-store.js';
export { SnapshotStore, type StillSource } from './snapshot-store.js';
export {
  EVIDENCE_DIR,
  evidencePath,
  resolveEvidence,
  sha256Of,
  verifyEvidence,
  writeEvidence,
} from './evidence-files.js';
export { Patrols, type PatrolsDeps } from './patrols.js';
export { PatrolPlans, intervalMs, type StoredPlan, type StoredPoint } from './patrol-plans.js';
export { PatrolTasks, type PlanningOrg, type TaskRow } from './patrol-tasks.js';
export { PatrolRecords, type PatrolCameras } from './patrol-records.js';
export { createSupervision, type SupervisionWiring } from './wiring.js';
export { ScoreNotices, type ScoreNoticeDeps } from './score-notices.js';
export * from './notices/index.js';
export { CaseStore, type CaseRecord, type CaseItemRecord, type FootageLocks } from './case-store.js';
export {
  CaseViews,
  type CaseViewDeps,
  type CaseMaterialSource,
  type CaseNotice,
  type CasePhoto,
} from './case-views.js';
export {
  CaseExportService,
  CASE_EXPORT_ID,
  MANIFEST_SHA256,
  REPORT_PDF,
  type CaseExportOptions,
} from './case-export.js';
export { writeTar, tarHeader } from './tar.js';
export { caseServices, type CaseServices, type CaseServicesOptions } from './case-services.js';
export { seedDemoCase, type DemoCameras } from './case-demo.js';
