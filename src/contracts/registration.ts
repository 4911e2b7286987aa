// Wire types of camera registration: discovery jobs, ONVIF device reads, stream tests, camera admin, CSV import, push.
import { z } from 'zod';
import { CameraSummary } from './cameras.js';
import { ProductionStage } from './org.js';

const Url = z.string().trim().min(1).max(2000);
const Name = z.string().trim().min(1).max(200);

export const SourceKind = z.enum(['rtsp', 'rtmp']);
export const RtspTransportName = z.enum(['tcp', 'udp']);
export const RecordMode = z.enum(['continuous', 'off']);

/** POST /api/admin/cameras. RTSP cameras need `mainUrl`; push (rtmp) cameras get a stream key instead. */
export const CameraInput = z.strictObject({
  enterpriseId: z.string().min(1),
  name: Name,
  nameEn: z.string().trim().max(200).nullish(),
  stage: ProductionStage,
  sourceKind: SourceKind.default('rtsp'),
  mainUrl: Url.nullish(),
  subUrl: Url.nullish(),
  username: z.string().max(200).nullish(),
  password: z.string().max(200).nullish(),
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
  nameEn: z.string().trim().max(200).nullish(),
  stage: ProductionStage.optional(),
  mainUrl: Url.nullish(),
  subUrl: Url.nullish(),
  username: z.string().max(200).nullish(),
  password: z.string().max(200).nullish(),
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

export interface AdminCameraList {
  cameras: AdminCamera[];
}

/** POST /api/admin/cameras/test-stream: a URL to try, or a stored camera's stream (its stored credentials). */
export const StreamTestInput = z.strictObject({
  url: Url.optional(),
  cameraId: z.string().optional(),
  stream: z.enum(['main', 'sub']).default('main'),
  username: z.string().max(200).nullish(),
  password: z.string().max(200).nullish(),
  rtspTransport: RtspTransportName.default('tcp'),
});
export type StreamTestInput = z.input<typeof StreamTestInput>;

export type StreamTestResult =
  | { ok: true; codec: string; width: number; height: number; fps: number | null; browserPlayable: boolean }
  | { ok: false; reason: { code: string; message: string; detail: string | null } };

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

export interface DiscoveredCamera {
  endpointReference: string;
  deviceUrl: string;
  address: string;
  name: string | null;
  hardware: string | null;
  location: string | null;
  /** A camera already registered with this ONVIF device address. */
  registeredCameraId: string | null;
}

export interface DiscoveryJob {
  id: string;
  mode: 'multicast' | 'sweep';
  state: 'running' | 'done' | 'failed';
  /** Probes sent and to send (sweep), or milliseconds waited of the window (multicast). */
  progress: { done: number; total: number };
  startedAt: string;
  finishedAt: string | null;
  devices: DiscoveredCamera[];
  ignoredReplies: number;
  error: string | null;
}

export interface NetworkInterfaceChoice {
  name: string;
  address: string;
  cidr: string | null;
}

/** POST /api/admin/onvif/device: log in to one device and read what registration needs. */
export const DeviceReadInput = z.strictObject({
  deviceUrl: Url,
  username: z.string().max(200).default(''),
  password: z.string().max(200).default(''),
});
export type DeviceReadInput = z.input<typeof DeviceReadInput>;

export interface DeviceProfile {
  token: string;
  name: string;
  encoding: string | null;
  width: number | null;
  height: number | null;
  fps: number | null;
  bitrateKbps: number | null;
  /** RTSP URI without credentials, host corrected to the address the hub reached. */
  streamUri: string | null;
  hostCorrected: boolean;
  snapshotUri: string | null;
  browserPlayable: boolean;
  error: string | null;
}

export interface DeviceReadResult {
  deviceUrl: string;
  manufacturer: string;
  model: string;
  firmwareVersion: string;
  serialNumber: string;
  clockOffsetSeconds: number;
  profiles: DeviceProfile[];
  /** Suggested main and sub profiles: H.264 first, then the largest (main) and smallest (sub) picture. */
  recommended: { main: string | null; sub: string | null };
  /** `h265-only`: the device offers no H.264 profile, so browsers cannot play its live view. */
  warning: 'h265-only' | 'no-video' | null;
}

/** POST /api/admin/cameras/import: the CSV file's text, as JSON like every state-changing request. */
export const CsvImportInput = z.strictObject({
  csv: z.string().max(2_000_000, 'the CSV file may have at most 2 000 000 characters'),
});
export type CsvImportInput = z.infer<typeof CsvImportInput>;

export interface CsvRowResult {
  /** 1-based line number in the file (the header is line 1). */
  row: number;
  ok: boolean;
  cameraId: string | null;
  name: string | null;
  error: string | null;
}

export interface CsvImportReport {
  created: number;
  failed: number;
  rows: CsvRowResult[];
}

/** GET /api/admin/cameras/:id/push: what to type into the device. */
export interface PushSettings {
  cameraId: string;
  /** rtmp://host:port/live: the "server URL" field of most devices. */
  serverUrl: string;
  /** `<cameraId>?key=<key>`: the "stream key" / "stream name" field. */
  streamName: string;
  /** Both together, for devices with one URL field. */
  fullUrl: string;
  key: string;
  pushing: boolean;
  enabled: boolean;
}
