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
export * from './notices/index.js';
