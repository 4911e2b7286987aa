// Wire types of camera registration: discovery jobs, ONVIF device reads, stream tests, camera admin, CSV import, push.
import { z } from 'zod';
import { CameraSummary } from './cameras.js';
import { CAMERA_LIMITS, RECORD_MODES, RTSP_TRANSPORTS, SOURCE_KINDS } from './camera-values.js';
import { ProductionStage } from './org.js';

export { CAMERA_LIMITS, RECORD_MODES, RTSP_TRANSPORTS, SOURCE_KINDS };

const Url = z.string().trim().min(1).max(CAMERA_LIMITS.url);
const Name = z.string().trim().min(1).max(CAMERA_LIMITS.name);
const Credential = z.string().max(CAMERA_LIMITS.credential);

export const SourceKind = z.enum(SOURCE_KINDS);
export const RtspTransportName = z.enum(RTSP_TRANSPORTS);
export const RecordMode = z.enum(RECORD_MODES);

/** POST /api/admin/cameras. RTSP cameras need `mainUrl`; push (rtmp) cameras get a stream key instead. */
export const CameraInput = z.strictObject({
  enterpriseId: z.string().min(1),
  name: Name,
  nameEn: z.string().trim().max(CAMERA_LIMITS.name).nullish(),
  stage: ProductionStage,
  sourceKind: SourceKind.default('rtsp'),
  mainUrl: Url.nullish(),
  subUrl: Url.nullish(),
  username: Credential.nullish(),
  password: Credential.nullish(),
  rtspTransport: RtspTransportName.default('tcp'),
  recordMode: RecordMode.default('continuous'),
  retentionDays: z.number().int().min(1).max(3650).default(30),
  enabled: z.boolean().default(true),
  onvifUrl: Url.nullish(),
});
export type CameraInput = z.input<typeof CameraInput>;

/** PATCH /api/admin/cameras/:id: absent fields stay; `password: null` clears it, absent keeps it. */
export const CameraPatchInput = z.strictObject({
  enterpriseId: z.string().min(1).optional(),
  name: Name.optional(),
  nameEn: z.string().trim().max(CAMERA_LIMITS.name).nullish(),
  stage: ProductionStage.optional(),
  mainUrl: Url.nullish(),
  subUrl: Url.nullish(),
  username: Credential.nullish(),
  password: Credential.nullish(),
  rtspTransport: RtspTransportName.optional(),
  recordMode: RecordMode.optional(),
  retentionDays: z.number().int().min(1).max(3650).optional(),
  enabled: z.boolean().optional(),
  onvifUrl: Url.nullish(),
});
export type CameraPatchInput = z.input<typeof CameraPatchInput>;

/** A camera as admins see it: the summary plus its settings, never a password (only whether there is one). */
export const AdminCamera = CameraSummary.extend({
  subUrl: z.string().nullable(),
  username: z.string().nullable(),
  hasPassword: z.boolean(),
  rtspTransport: RtspTransportName,
  retentionDays: z.number(),
  onvifUrl: z.string().nullable(),
});
export type AdminCamera = z.infer<typeof AdminCamera>;

export const AdminCameraList = z.object({ cameras: z.array(AdminCamera) });
export type AdminCameraList = z.infer<typeof AdminCameraList>;

/** POST /api/admin/cameras/test-stream: a URL to try, or a stored camera's stream (its stored credentials). */
export const StreamTestInput = z.strictObject({
  url: Url.optional(),
  cameraId: z.string().optional(),
  stream: z.enum(['main', 'sub']).default('main'),
  username: Credential.nullish(),
  password: Credential.nullish(),
  rtspTransport: RtspTransportName.default('tcp'),
});
export type StreamTestInput = z.input<typeof StreamTestInput>;

export const StreamTestResult = z.union([
  z.object({
    ok: z.literal(true),
    codec: z.string(),
    width: z.number(),
    height: z.number(),
    fps: z.number().nullable(),
    browserPlayable: z.boolean(),
  }),
  z.object({
    ok: z.literal(false),
    reason: z.object({ code: z.string(), message: z.string(), detail: z.string().nullable() }),
  }),
]);
export type StreamTestResult = z.infer<typeof StreamTestResult>;

/** POST /api/admin/discovery. */
export const DiscoveryInput = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('multicast'), interfaceAddress: z.string().optional() }),
  z.strictObject({
    mode: z.literal('sweep'),
    /** "10.0.0.5", "10.0.0.0/24", "10.0.0.5-10.0.0.40", several separated by commas or spaces. */
    hosts: z.string().trim().min(1).max(2000),
    /** WS-Discovery port of the devices; 3702 unless they are configured otherwise. */
    port: z.number().int().min(1).max(65535).optional(),
  }),
]);
export type DiscoveryInput = z.input<typeof DiscoveryInput>;

export const DiscoveredCamera = z.object({
  endpointReference: z.string(),
  deviceUrl: z.string(),
  address: z.string(),
  name: z.string().nullable(),
  hardware: z.string().nullable(),
  location: z.string().nullable(),
  /** A camera already registered with this ONVIF device address. */
  registeredCameraId: z.string().nullable(),
});
export type DiscoveredCamera = z.infer<typeof DiscoveredCamera>;

export const DiscoveryJob = z.object({
  id: z.string(),
  mode: z.enum(['multicast', 'sweep']),
  state: z.enum(['running', 'done', 'failed']),
  /** Probes sent and to send (sweep), or milliseconds waited of the window (multicast). */
  progress: z.object({ done: z.number(), total: z.number() }),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  devices: z.array(DiscoveredCamera),
  ignoredReplies: z.number(),
  error: z.string().nullable(),
});
export type DiscoveryJob = z.infer<typeof DiscoveryJob>;

export const NetworkInterfaceChoice = z.object({ name: z.string(), address: z.string(), cidr: z.string().nullable() });
export type NetworkInterfaceChoice = z.infer<typeof NetworkInterfaceChoice>;

/** POST /api/admin/onvif/device: log in to one device and read what registration needs. */
export const DeviceReadInput = z.strictObject({
  deviceUrl: Url,
  username: Credential.default(''),
  password: Credential.default(''),
});
export type DeviceReadInput = z.input<typeof DeviceReadInput>;

export const DeviceProfile = z.object({
  token: z.string(),
  name: z.string(),
  encoding: z.string().nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  fps: z.number().nullable(),
  bitrateKbps: z.number().nullable(),
  /** RTSP URI without credentials, host corrected to the address the hub reached. */
  streamUri: z.string().nullable(),
  hostCorrected: z.boolean(),
  snapshotUri: z.string().nullable(),
  browserPlayable: z.boolean(),
  error: z.string().nullable(),
});
export type DeviceProfile = z.infer<typeof DeviceProfile>;

export const DeviceReadResult = z.object({
  deviceUrl: z.string(),
  manufacturer: z.string(),
  model: z.string(),
  firmwareVersion: z.string(),
  serialNumber: z.string(),
  clockOffsetSeconds: z.number(),
  profiles: z.array(DeviceProfile),
  /** Suggested main and sub profiles: H.264 first, then the largest (main) and smallest (sub) picture. */
  recommended: z.object({ main: z.string().nullable(), sub: z.string().nullable() }),
  /** `h265-only`: the device offers no H.264 profile: browsers without H.265 watch it only through a transcode. */
  warning: z.enum(['h265-only', 'no-video']).nullable(),
});
export type DeviceReadResult = z.infer<typeof DeviceReadResult>;

/** POST /api/admin/cameras/import: the CSV file's text, as JSON like every state-changing request. */
export const CsvImportInput = z.strictObject({
  csv: z.string().max(2_000_000, 'the CSV file may have at most 2 000 000 characters'),
});
export type CsvImportInput = z.infer<typeof CsvImportInput>;

export const CsvRowResult = z.object({
  /** 1-based line number in the file (the header is line 1). */
  row: z.number(),
  ok: z.boolean(),
  cameraId: z.string().nullable(),
  name: z.string().nullable(),
  error: z.string().nullable(),
});
export type CsvRowResult = z.infer<typeof CsvRowResult>;

export const CsvImportReport = z.object({ created: z.number(), failed: z.number(), rows: z.array(CsvRowResult) });
export type CsvImportReport = z.infer<typeof CsvImportReport>;

/** GET /api/admin/cameras/:id/push: what to type into the device. */
export const PushSettings = z.object({
  cameraId: z.string(),
  /** rtmp://host:port/live: the "server URL" field of most devices. */
  serverUrl: z.string(),
  /** `<cameraId>?key=<key>`: the "stream key" / "stream name" field. */
  streamName: z.string(),
  /** Both together, for devices with one URL field. */
  fullUrl: z.string(),
  key: z.string(),
  pushing: z.boolean(),
  enabled: z.boolean(),
});
export type PushSettings = z.infer<typeof PushSettings>;
