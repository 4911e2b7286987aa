// Turns a stored camera plus its runtime state into the API's camera resource (never with credentials).
import type { CameraState, CameraSummary, LiveUrls, StreamHealth } from '../contracts/index.js';
import type { CameraRecord } from '../org/index.js';
import { redactUrl } from '../shared/redact.js';

/** What the API needs to know of running cameras; the hub passes the ingest layer behind it. */
export interface CameraRuntime {
  statusOf(cameraId: string): CameraState;
  healthOf(cameraId: string): { main: StreamHealth | null; sub: StreamHealth | null } | null;
  liveUrls(cameraId: string): LiveUrls | null;
  /** Whether the branch hub a mirrored camera comes from is unreachable (a center hub's view). */
  isStale?(origin: string): boolean;
}

/** A runtime that knows of no running camera (before ingest is wired, and in tests of the org API). */
export const IDLE_RUNTIME: CameraRuntime = {
  statusOf: () => ({ status: 'idle', reason: null }),
  healthOf: () => null,
  liveUrls: () => null,
};

export function toCameraSummary(camera: CameraRecord, runtime: CameraRuntime): CameraSummary {
  const state = camera.enabled ? runtime.statusOf(camera.id) : { status: 'disabled' as const, reason: null };
  return {
    id: camera.id,
    name: camera.name,
    nameEn: camera.nameEn,
    enterpriseId: camera.enterpriseId,
    enterpriseName: camera.enterpriseName,
    orgUnitId: camera.orgUnitId,
    stage: camera.stage,
    sourceKind: camera.sourceKind,
    mainUrl: camera.mainUrl ? redactUrl(camera.mainUrl) : null,
    hasSub: camera.subUrl !== null,
    enabled: camera.enabled,
    recordMode: camera.recordMode,
    status: state.status,
    statusReason: state.reason,
    statusReasonCode: state.reasonCode ?? null,
    live: camera.enabled ? runtime.liveUrls(camera.id) : null,
    health: runtime.healthOf(camera.id),
    remote: camera.origin ? { branchId: camera.origin, stale: runtime.isStale?.(camera.origin) ?? false } : null,
  };
}
