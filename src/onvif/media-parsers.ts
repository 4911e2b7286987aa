// Pure parsers for media-service replies (GetProfiles, GetStreamUri, GetSnapshotUri).
import { OnvifParseError } from './device-parsers.js';
import { attr, children, int, path, text, type XmlNode } from './xml.js';

export type OnvifEncoding = 'H264' | 'H265' | 'JPEG' | 'MPEG4' | 'unknown';

export interface OnvifMediaProfile {
  token: string;
  name: string;
  /** Absent when the profile has no video encoder configuration (audio-only or incomplete profiles). */
  video?: {
    encoding: OnvifEncoding;
    width: number;
    height: number;
    frameRate?: number;
    bitrateKbps?: number;
    govLength?: number;
  };
}

function encoding(raw: string | undefined): OnvifEncoding {
  const upper = (raw ?? '').toUpperCase();
  if (upper === 'H264' || upper === 'H265' || upper === 'JPEG' || upper === 'MPEG4') return upper;
  // Media2-style names some devices also use in ver10 replies.
  if (upper === 'HEVC') return 'H265';
  return 'unknown';
}

export function parseProfiles(body: XmlNode): OnvifMediaProfile[] {
  const responseNode = path(body, 'GetProfilesResponse');
  if (!responseNode) throw new OnvifParseError('the reply has no GetProfilesResponse');
  return children(responseNode, 'Profiles').flatMap((profile) => {
    const token = attr(profile, 'token');
    if (!token) return [];
    const encoder = path(profile, 'VideoEncoderConfiguration');
    const width = int(encoder, 'Resolution', 'Width');
    const height = int(encoder, 'Resolution', 'Height');
    const out: OnvifMediaProfile = { token, name: text(profile, 'Name') ?? token };
    if (encoder && width !== undefined && height !== undefined) {
      const frameRate = int(encoder, 'RateControl', 'FrameRateLimit');
      const bitrateKbps = int(encoder, 'RateControl', 'BitrateLimit');
      const enc = encoding(text(encoder, 'Encoding'));
      const govLength = int(encoder, enc === 'H265' ? 'H265' : 'H264', 'GovLength');
      out.video = {
        encoding: enc,
        width,
        height,
        ...(frameRate !== undefined ? { frameRate } : {}),
        ...(bitrateKbps !== undefined ? { bitrateKbps } : {}),
        ...(govLength !== undefined ? { govLength } : {}),
      };
    }
    return [out];
  });
}

/** The Uri of a GetStreamUri or GetSnapshotUri reply, exactly as the device reports it. */
export function parseMediaUri(body: XmlNode, operation: 'GetStreamUri' | 'GetSnapshotUri'): string {
  const uri = text(body, `${operation}Response`, 'MediaUri', 'Uri');
  if (!uri) throw new OnvifParseError(`${operation}Response has no MediaUri/Uri`);
  return uri;
}
