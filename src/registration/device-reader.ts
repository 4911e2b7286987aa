// Reads one ONVIF device for the registration form: information, profiles with stream URIs, and the profiles to pick.
import type { DeviceProfile, DeviceReadResult } from '../contracts/index.js';
import { probeOnvifDevice, type ProbedProfile } from '../onvif/index.js';
import { VigilError } from '../shared/errors.js';
import { withoutCredentials } from '../shared/redact.js';
import type { Logger } from '../shared/logger.js';
import type { AdminReach } from './reach.js';

export interface DeviceReadOptions {
  deviceUrl: string;
  username: string;
  password: string;
  /** Per ONVIF request. Default 5 s. */
  timeoutMs?: number;
  logger?: Logger;
  /** Admin reach: every host the read goes to is checked first (the device, and the media service it names). */
  reach?: Pick<AdminReach, 'resolve'>;
}

function toProfile(profile: ProbedProfile): DeviceProfile {
  const video = profile.video;
  return {
    token: profile.token,
    name: profile.name,
    encoding: video?.encoding ?? null,
    width: video?.width ?? null,
    height: video?.height ?? null,
    fps: video?.frameRate ?? null,
    bitrateKbps: video?.bitrateKbps ?? null,
    streamUri: profile.streamUri ?? null,
    hostCorrected: profile.hostCorrected ?? false,
    snapshotUri: profile.snapshotUri ?? null,
    browserPlayable: video?.encoding === 'H264',
    error: profile.error ?? null,
  };
}

/**
 * Main: the largest H.264 picture (else the largest of any codec); sub: the smallest other H.264 profile (else
 * the smallest other one). Why H.264 first: browsers (Chromium on Debian) do not decode H.265.
 */
export function recommendProfiles(
  profiles: readonly DeviceProfile[],
): Pick<DeviceReadResult, 'recommended' | 'warning'> {
  const usable = profiles.filter((p) => p.streamUri && p.width && p.height);
  if (usable.length === 0) return { recommended: { main: null, sub: null }, warning: 'no-video' };
  const area = (p: DeviceProfile): number => (p.width ?? 0) * (p.height ?? 0);
  const h264 = usable.filter((p) => p.browserPlayable);
  const pool = h264.length > 0 ? h264 : usable;
  const bySize = [...pool].sort((a, b) => area(b) - area(a));
  const main = bySize[0]!;
  const sub = bySize.length > 1 ? bySize[bySize.length - 1]! : undefined;
  return {
    recommended: { main: main.token, sub: sub && area(sub) < area(main) ? sub.token : null },
    warning: h264.length === 0 ? 'h265-only' : null,
  };
}

/** Logs in to the device; its failures come back as VigilErrors naming the reason (auth-failed, unreachable…). */
export async function readDevice(options: DeviceReadOptions): Promise<DeviceReadResult> {
  const reach = options.reach;
  let url: URL;
  try {
    url = new URL(options.deviceUrl);
  } catch {
    throw new VigilError(
      'VIGIL_VALIDATION',
      'The device address is not a URL (e.g. http://10.0.0.5/onvif/device_service)',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new VigilError('VIGIL_VALIDATION', 'The device address must be an http:// ONVIF device service URL');
  }
  const probe = await probeOnvifDevice({
    deviceUrl: options.deviceUrl,
    ...(options.username ? { username: options.username, password: options.password } : {}),
    timeoutMs: options.timeoutMs ?? 5000,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(reach ? { resolveTarget: (host: string) => reach.resolve(host) } : {}),
  });
  const profiles = probe.profiles.map(toProfile);
  return {
    // The address as typed may carry user:password@; the answer never does.
    deviceUrl: withoutCredentials(probe.deviceUrl),
    manufacturer: probe.information.manufacturer,
    model: probe.information.model,
    firmwareVersion: probe.information.firmwareVersion,
    serialNumber: probe.information.serialNumber,
    clockOffsetSeconds: probe.clockOffsetSeconds,
    profiles,
    ...recommendProfiles(profiles),
  };
}
