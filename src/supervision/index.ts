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
export * from './notices/index.js';
