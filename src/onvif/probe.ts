// Registration probe: everything an admin's "add camera" form needs from one device, in one call, without credentials in the result.
import { errorMessage } from '../shared/index.js';
import { OnvifClient, type OnvifClientOptions } from './client.js';
import type { OnvifDeviceInformation } from './device-parsers.js';
import type { OnvifMediaProfile } from './media-parsers.js';

export interface ProbedProfile extends OnvifMediaProfile {
  /** RTSP URI without credentials, host corrected; the hub adds the stored credentials when it connects. */
  streamUri?: string;
  hostCorrected?: boolean;
  snapshotUri?: string;
  /** Why a URI could not be read for this profile (the device answered the rest). */
  error?: string;
}

export interface OnvifProbeResult {
  deviceUrl: string;
  information: OnvifDeviceInformation;
  /** Device clock minus hub clock, in seconds (show a warning in the UI past a minute). */
  clockOffsetSeconds: number;
  profiles: ProbedProfile[];
}

/**
 * Reads device information, profiles and their stream and snapshot URIs. Throws a VigilError with an ONVIF reason
 * (see onvifFailureReason) when the device cannot be reached, is not ONVIF, rejects the credentials or answers junk.
 */
export async function probeOnvifDevice(options: OnvifClientOptions): Promise<OnvifProbeResult> {
  const client = new OnvifClient(options);
  const { offsetMs } = await client.getSystemDateAndTime();
  const information = await client.getDeviceInformation();
  const profiles: ProbedProfile[] = [];
  for (const profile of await client.getProfiles()) {
    const out: ProbedProfile = { ...profile };
    try {
      const stream = await client.getStreamUri(profile.token);
      out.streamUri = stream.safeUri;
      out.hostCorrected = stream.hostCorrected;
      out.snapshotUri = await client.getSnapshotUri(profile.token);
    } catch (error) {
      // Snapshot support is optional in Profile S; one profile's failure should not hide the others.
      out.error = errorMessage(error);
    }
    profiles.push(out);
  }
  return { deviceUrl: options.deviceUrl, information, clockOffsetSeconds: Math.round(offsetMs / 1000), profiles };
}

/** The profile a browser can play best: H.264 first (Chromium has no H.265), then the largest picture. */
export function preferredProfile<T extends OnvifMediaProfile>(profiles: readonly T[]): T | undefined {
  const rank = (p: T): number =>
    (p.video?.encoding === 'H264' ? 1 : 0) * 1e9 + (p.video ? p.video.width * p.video.height : 0);
  return [...profiles].sort((a, b) => rank(b) - rank(a))[0];
}
