// Supervision: enterprise profiles, patrols, rectification notices and evidence cases.
export { ProfileStore, type CoverageCameras } from './profile-store.js';
