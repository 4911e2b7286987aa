// Supervision: enterprise profiles, evidence snapshots, patrols, rectification notices and evidence cases.
export { ProfileStore, type CoverageCameras } from './profile-store.js';
export { SnapshotStore, type StillSource } from './snapshot-store.js';
export {
  EVIDENCE_DIR,
  evidencePath,
  resolveEvidence,
  sha256Of,
  verifyEvidence,
  writeEvidence,
} from './evidence-files.js';
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
