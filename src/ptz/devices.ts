// The PTZ of each camera's ONVIF device, found once (GetCapabilities, GetProfiles) and kept; a failure is found again.
import { OnvifPtzClient, onvifFailureReason } from '../onvif/index.js';
import type { CameraRecord } from '../org/index.js';
import { VigilError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { redactUrl } from '../shared/index.js';

/** What this module needs of the camera store: the record and its sealed password, opened for the device only. */
export interface PtzCameraSource {
  get(cameraId: string): CameraRecord | undefined;
  secretsOf(cameraId: string): string[];
}

interface Entry {
  /** The address and user the entry was found with: an edited camera is found again. */
  key: string;
  found: Promise<OnvifPtzClient | undefined>;
  /** When a "no PTZ" answer is asked again (a device may have been swapped). */
  staleAt: number;
}

/** A device without PTZ is asked again after this long. */
const NO_PTZ_TTL_MS = 60_000;

export class PtzDevices {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly cameras: PtzCameraSource,
    private readonly logger: Logger,
    private readonly timeoutMs = 4000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The camera's PTZ, or undefined when it has no ONVIF address or its device has no PTZ service. */
  async of(camera: CameraRecord): Promise<OnvifPtzClient | undefined> {
    if (!camera.onvifUrl) return undefined;
    const key = `${camera.onvifUrl}\u0000${camera.username ?? ''}`;
    const cached = this.entries.get(camera.id);
    if (cached && cached.key === key && this.now() < cached.staleAt) return cached.found;
    const entry: Entry = { key, found: this.connect(camera, camera.onvifUrl), staleAt: Number.POSITIVE_INFINITY };
    this.entries.set(camera.id, entry);
    try {
      const client = await entry.found;
      if (!client) entry.staleAt = this.now() + NO_PTZ_TTL_MS;
      return client;
    } catch (error) {
      this.entries.delete(camera.id);
      throw deviceError(error);
    }
  }

  /** Runs one device operation; a failure drops the kept client (the device may have moved) and says what to check. */
  async run<T>(camera: CameraRecord, operation: (client: OnvifPtzClient) => Promise<T>): Promise<T> {
    const client = await this.of(camera);
    if (!client) throw unavailable();
    try {
      return await operation(client);
    } catch (error) {
      if (onvifFailureReason(error) !== 'fault') this.entries.delete(camera.id);
      throw deviceError(error);
    }
  }

  private connect(camera: CameraRecord, deviceUrl: string): Promise<OnvifPtzClient | undefined> {
    const password = this.cameras.secretsOf(camera.id)[0];
    this.logger.debug({ camera: camera.id, device: redactUrl(deviceUrl) }, 'looking for the PTZ service');
    return OnvifPtzClient.connect({
      deviceUrl,
      timeoutMs: this.timeoutMs,
      logger: this.logger,
      ...(camera.username ? { username: camera.username } : {}),
      ...(password !== undefined ? { password } : {}),
    });
  }
}

export function unavailable(): VigilError {
  return new VigilError('VIGIL_CONFLICT', 'This camera has no PTZ (pan, tilt, zoom) service', {
    details: { reason: 'ptz_unavailable' },
  });
}

const DEVICE_HINTS: Record<string, string> = {
  unreachable: "The camera's PTZ did not answer: check that the camera is on and its ONVIF address is right",
  'auth-failed': "The camera refused the stored user name or password for PTZ: correct them in the camera's settings",
  'not-onvif': "The camera's ONVIF address does not answer as an ONVIF device: correct it in the camera's settings",
  malformed: "The camera's PTZ answered something unreadable; try again or restart the camera",
  fault: 'The camera refused the PTZ command',
};

/** An ONVIF failure as a PTZ error a user can act on (the device's endpoint, without credentials, in the details). */
function deviceError(error: unknown): unknown {
  const reason = onvifFailureReason(error);
  if (!reason || !(error instanceof VigilError)) return error;
  const details = { ...(error.details as object), reason: 'ptz_device', device: reason };
  const code = reason === 'fault' ? 'VIGIL_CONFLICT' : 'VIGIL_UNAVAILABLE';
  return new VigilError(code, DEVICE_HINTS[reason], { details, cause: error });
}
