// Camera registration: admin edits applied to the fleet, ONVIF discovery jobs and device reads, CSV import.
export { CameraAdmin, requireAdmin, type Actor, type CameraAdminDeps, type FleetControl } from './camera-admin.js';
export { DiscoveryJobs, listInterfaces, type DiscoveryJobsOptions, type DiscoveryOwner } from './discovery-jobs.js';
export { AdminReach, pinnedUrl, reachRuleOf } from './reach.js';
export { readDevice, recommendProfiles, type DeviceReadOptions } from './device-reader.js';
export { importCamerasCsv, parseCsv, CSV_COLUMNS, MAX_CSV_ROWS, type CsvImportDeps } from './csv-import.js';
export { boundedStreamTests } from './stream-tests.js';
export { cameraRegistration, type PushControl, type RegistrationWiring } from './wiring.js';
