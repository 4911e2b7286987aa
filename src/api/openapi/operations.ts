// Every HTTP operation of the hub, with the zod schemas of its query, body and answer: the OpenAPI document is made
// from this list, and a test holds it to the routes the hub really registers.
import { z } from 'zod';
import {
  AdminCamera,
  AdminCameraList,
  AdminEnterprise,
  AdminOrgUnit,
  AdminUser,
  ApiError,
  CameraInput,
  CameraList,
  CameraPatchInput,
  CameraSummary,
  CsvImportInput,
  CsvImportReport,
  DeviceReadInput,
  DeviceReadResult,
  DiscoveryInput,
  DiscoveryJob,
  EnterpriseInput,
  EnterprisePatch,
  EventCsvQuery,
  EventListQuery,
  EventPage,
  ExportJobView,
  FederationLinkView,
  Healthz,
  LoginInput,
  LoginReply,
  MeReply,
  NetworkInterfaceChoice,
  OrgTree,
  OrgUnitInput,
  OrgUnitPatch,
  PasswordChange,
  PasswordReset,
  PlaybackConfigView,
  PlaybackRangesView,
  PtzMoveInput,
  PtzPresetCreated,
  PtzPresetInput,
  PtzSteerer,
  PtzView,
  PushSettings,
  RetrievalJobView,
  StreamTestInput,
  StreamTestResult,
  UserInput,
  UserPatch,
} from '../../contracts/index.js';
import { list, op, type MediaAnswer, type Operation } from './operation.js';
import { IMAGE_HEALTH_OPERATIONS } from './image-health-operations.js';
import { REPORT_OPERATIONS } from './report-operations.js';
import { SUPERVISION_OPERATIONS } from './supervision-operations.js';

export type { Access, MediaAnswer, Operation } from './operation.js';

const span = z.object({
  from: z.string().describe('ISO 8601 time or epoch milliseconds'),
  to: z.string().describe('ISO 8601 time or epoch milliseconds'),
});
const reason = z.object({ reason: z.string().max(500).optional().describe('why (e.g. a case number)') });
const clip = span.extend(reason.shape);
const view = z.object({
  view: z.string().optional().describe('the view token a playlist or export handed out'),
  reason: z.string().optional(),
});
const MP4: MediaAnswer = { type: 'video/mp4', description: 'fragmented MP4' };
const PLAYLIST: MediaAnswer = { type: 'application/vnd.apple.mpegurl', description: 'HLS playlist' };

const CORE_OPERATIONS: readonly Operation[] = [
  op('get', '/healthz', 'hub', 'public', 'Health of the hub: version, uptime, ffmpeg, cameras online', {
    answer: Healthz,
  }),
  op('get', '/metrics', 'hub', 'session', 'Prometheus metrics (also without a session from loopback)', {
    answer: { type: 'text/plain', description: 'Prometheus text exposition' },
  }),
  op('get', '/api/openapi.json', 'hub', 'public', 'This document', {
    answer: { type: 'application/json', description: 'OpenAPI 3.1' },
  }),
  op('get', '/api/docs', 'hub', 'public', 'This document, browsable', {
    answer: { type: 'text/html', description: 'the API viewer' },
  }),
  op('get', '/api/docs/init.js', 'hub', 'public', "The API viewer's start-up script", {
    answer: { type: 'text/javascript', description: 'script' },
  }),

  op('post', '/api/auth/login', 'auth', 'public', 'Log in: sets the session cookie', {
    body: LoginInput,
    answer: LoginReply,
  }),
  op('post', '/api/auth/logout', 'auth', 'public', 'Log out: ends the session', { status: 204 }),
  op('get', '/api/auth/me', 'auth', 'session', 'The logged-in user, its unit and scope', { answer: MeReply }),
  op('post', '/api/auth/password', 'auth', 'session', "Change one's password", {
    body: PasswordChange,
    status: 204,
  }),

  op('get', '/api/admin/org-units', 'admin', 'admin', 'Org units in reach', {
    answer: list('units', AdminOrgUnit),
  }),
  op('post', '/api/admin/org-units', 'admin', 'admin', 'Add a branch office (center admins)', {
    body: OrgUnitInput,
    status: 201,
    answer: AdminOrgUnit,
  }),
  op('patch', '/api/admin/org-units/{id}', 'admin', 'admin', 'Rename an org unit', {
    body: OrgUnitPatch,
    answer: AdminOrgUnit,
  }),
  op('delete', '/api/admin/org-units/{id}', 'admin', 'admin', 'Delete an empty branch', { status: 204 }),
  op('get', '/api/admin/enterprises', 'admin', 'admin', 'Enterprises in reach', {
    answer: list('enterprises', AdminEnterprise),
  }),
  op('post', '/api/admin/enterprises', 'admin', 'admin', 'Register an enterprise', {
    body: EnterpriseInput,
    status: 201,
    answer: AdminEnterprise,
  }),
  op('patch', '/api/admin/enterprises/{id}', 'admin', 'admin', 'Change an enterprise', {
    body: EnterprisePatch,
    answer: AdminEnterprise,
  }),
  op('delete', '/api/admin/enterprises/{id}', 'admin', 'admin', 'Delete an enterprise without cameras', {
    status: 204,
  }),
  op('get', '/api/admin/users', 'admin', 'admin', 'Accounts in reach', { answer: list('users', AdminUser) }),
  op('post', '/api/admin/users', 'admin', 'admin', 'Create an account', {
    body: UserInput,
    status: 201,
    answer: AdminUser,
  }),
  op('patch', '/api/admin/users/{id}', 'admin', 'admin', 'Change an account', { body: UserPatch, answer: AdminUser }),
  op('delete', '/api/admin/users/{id}', 'admin', 'admin', 'Delete an account', { status: 204 }),
  op('post', '/api/admin/users/{id}/password', 'admin', 'admin', "Reset an account's password", {
    body: PasswordReset,
    status: 204,
  }),
  op('post', '/api/admin/users/{id}/unlock', 'admin', 'admin', 'Lift a lockout', { answer: AdminUser }),

  op('get', '/api/cameras', 'cameras', 'session', 'Cameras in scope with status, live URLs and health', {
    answer: CameraList,
  }),
  op('get', '/api/cameras/{id}', 'cameras', 'session', 'One camera', { answer: CameraSummary }),
  op('get', '/api/cameras/{id}/snapshot.jpg', 'cameras', 'session', 'The newest picture of a camera', {
    answer: { type: 'image/jpeg', description: 'JPEG picture' },
  }),
  op('get', '/api/cameras/{id}/ptz', 'ptz', 'session', "A camera's PTZ: presets, position, who steers", {
    answer: PtzView,
  }),
  op('post', '/api/cameras/{id}/ptz/move', 'ptz', 'session', 'Start or change a continuous move (steers the camera)', {
    body: PtzMoveInput,
    answer: z.object({ steering: PtzSteerer }),
  }),
  op('post', '/api/cameras/{id}/ptz/stop', 'ptz', 'session', 'Stop moving', { status: 204 }),
  op('post', '/api/cameras/{id}/ptz/release', 'ptz', 'session', 'End steering at once (others may steer)', {
    status: 204,
  }),
  op('post', '/api/cameras/{id}/ptz/presets', 'ptz', 'admin', 'Save the current position as a preset', {
    body: PtzPresetInput,
    status: 201,
    answer: PtzPresetCreated,
  }),
  op('post', '/api/cameras/{id}/ptz/presets/{token}/goto', 'ptz', 'session', 'Go to a preset', { status: 204 }),
  op('delete', '/api/cameras/{id}/ptz/presets/{token}', 'ptz', 'admin', 'Remove a preset', { status: 204 }),
  op('get', '/api/org/tree', 'cameras', 'session', 'Org units, enterprises and cameras in scope', {
    answer: OrgTree,
  }),
  op('get', '/api/events', 'events', 'session', 'The event log in scope, filtered, newest first', {
    query: EventListQuery,
    answer: EventPage,
  }),
  op('get', '/api/events.csv', 'events', 'session', 'The same view as CSV', {
    query: EventCsvQuery,
    answer: { type: 'text/csv', description: 'UTF-8 with BOM' },
  }),
  op('get', '/api/federation/links', 'federation', 'session', "A center's links to its branches, in scope", {
    answer: list('links', FederationLinkView),
  }),

  op('get', '/api/admin/cameras', 'registration', 'admin', 'Cameras in scope with their settings', {
    answer: AdminCameraList,
  }),
  op('post', '/api/admin/cameras', 'registration', 'admin', 'Add a camera', {
    body: CameraInput,
    status: 201,
    answer: AdminCamera,
  }),
  op('post', '/api/admin/cameras/test-stream', 'registration', 'admin', 'Probe a stream URL or a stored camera', {
    body: StreamTestInput,
    answer: StreamTestResult,
  }),
  op('post', '/api/admin/cameras/import', 'registration', 'admin', 'Add cameras from a CSV file', {
    body: CsvImportInput,
    answer: CsvImportReport,
  }),
  op('get', '/api/admin/cameras/{id}', 'registration', 'admin', "A camera's settings", { answer: AdminCamera }),
  op('patch', '/api/admin/cameras/{id}', 'registration', 'admin', 'Change a camera', {
    body: CameraPatchInput,
    answer: AdminCamera,
  }),
  op('delete', '/api/admin/cameras/{id}', 'registration', 'admin', 'Delete a camera', { status: 204 }),
  op('get', '/api/admin/cameras/{id}/push', 'registration', 'admin', "A push camera's server URL and key", {
    answer: PushSettings,
  }),
  op('post', '/api/admin/cameras/{id}/push/regenerate', 'registration', 'admin', 'A new stream key', {
    answer: PushSettings,
  }),
  op('get', '/api/admin/discovery/interfaces', 'registration', 'admin', 'IPv4 interfaces to probe from', {
    answer: list('interfaces', NetworkInterfaceChoice),
  }),
  op('post', '/api/admin/discovery', 'registration', 'admin', 'Start an ONVIF discovery', {
    body: DiscoveryInput,
    status: 202,
    answer: DiscoveryJob,
  }),
  op('get', '/api/admin/discovery/{id}', 'registration', 'admin', 'A discovery and what it found', {
    answer: DiscoveryJob,
  }),
  op('post', '/api/admin/onvif/device', 'registration', 'admin', 'Read an ONVIF device and its profiles', {
    body: DeviceReadInput,
    answer: DeviceReadResult,
  }),

  op('get', '/live/{cameraId}/{stream}/{file}', 'live', 'session', 'LL-HLS: the playlist, init and parts', {
    answer: {
      type: 'application/vnd.apple.mpegurl',
      description:
        'index.m3u8; init.mp4 and parts are video/mp4. Stream main, sub, or h264: an H.264 transcode started on ' +
        'demand (503 with details.reason transcode_busy when the hub is transcoding its limit); h264/status.json ' +
        'says what the transcode makes and costs (404 when none runs).',
    },
  }),

  op('get', '/playback/config', 'playback', 'recorded', 'Playback settings for the console', {
    answer: PlaybackConfigView,
  }),
  op('get', '/playback/{cameraId}/ranges', 'playback', 'recorded', 'Recorded runs and gaps', {
    query: span,
    answer: PlaybackRangesView,
  }),
  op('get', '/playback/{cameraId}/vod.m3u8', 'playback', 'recorded', 'VOD playlist of a range', {
    query: clip,
    answer: PLAYLIST,
  }),
  op('get', '/playback/{cameraId}/files/{file}', 'playback', 'recorded', 'One whole recording file (`<id>.mp4`)', {
    query: view,
    answer: MP4,
  }),
  op('get', '/playback/{cameraId}/files/{id}/{part}', 'playback', 'recorded', 'Its init.mp4 or media.m4s', {
    query: view,
    answer: MP4,
  }),
  op('post', '/playback/{cameraId}/exports', 'playback', 'recorded', 'Export a clip', {
    body: clip,
    status: 202,
    answer: ExportJobView,
  }),
  op('get', '/playback/exports/{id}', 'playback', 'recorded', 'An export', { query: view, answer: ExportJobView }),
  op('get', '/playback/exports/{id}/{what}', 'playback', 'recorded', 'Its `download` or `manifest`', {
    query: view,
    answer: MP4,
  }),
  op('post', '/playback/{cameraId}/retrievals', 'playback', 'recorded', "Retrieve a branch camera's footage", {
    body: clip,
    status: 202,
    answer: RetrievalJobView,
    centerOnly: true,
  }),
  op('get', '/playback/retrievals', 'playback', 'recorded', 'Retrieval jobs in scope', {
    query: z.object({ cameraId: z.string().optional() }),
    answer: list('retrievals', RetrievalJobView),
    centerOnly: true,
  }),
  op('get', '/playback/retrievals/{id}', 'playback', 'recorded', 'A retrieval job', {
    answer: RetrievalJobView,
    centerOnly: true,
  }),
  op('delete', '/playback/retrievals/{id}', 'playback', 'recorded', 'Cancel a retrieval job', {
    answer: RetrievalJobView,
    centerOnly: true,
  }),
];

/** Every operation: the core ones, then each feature's own list. */
export const OPERATIONS: readonly Operation[] = [
  ...CORE_OPERATIONS,
  ...SUPERVISION_OPERATIONS,
  ...REPORT_OPERATIONS,
  ...IMAGE_HEALTH_OPERATIONS,
];

/** The error body every failure has. */
export const ERROR_BODY = ApiError;
