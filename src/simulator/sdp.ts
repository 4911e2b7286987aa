// SDP (RFC 4566) for one H.264 video track as RFC 6184 describes it: pure.

export interface H264SdpOptions {
  /** Session name (s=), e.g. the camera name. */
  sessionName: string;
  /** Address of the server for o= and c= lines. */
  address: string;
  sps: Buffer;
  pps: Buffer;
  /** Control attribute of the track, relative to Content-Base. */
  trackControl: string;
  fps?: number;
  width?: number;
  height?: number;
  /** Session id for the o= line; defaults to a stable number. */
  sessionId?: string;
}

/** profile_idc, constraint flags and level_idc: bytes 1..3 of the SPS, as 6 hex digits. */
export function profileLevelId(sps: Buffer): string {
  if (sps.length < 4) throw new Error('SPS too short');
  return sps.subarray(1, 4).toString('hex').toUpperCase();
}

function addressType(address: string): 'IP4' | 'IP6' {
  return address.includes(':') ? 'IP6' : 'IP4';
}

export function buildH264Sdp(options: H264SdpOptions): string {
  const sessionId = options.sessionId ?? '1';
  const type = addressType(options.address);
  const fmtp = [
    'packetization-mode=1',
    `profile-level-id=${profileLevelId(options.sps)}`,
    `sprop-parameter-sets=${options.sps.toString('base64')},${options.pps.toString('base64')}`,
  ].join(';');
  const lines = [
    'v=0',
    `o=- ${sessionId} 1 IN ${type} ${options.address}`,
    `s=${options.sessionName.replace(/[\r\n]/g, ' ')}`,
    `c=IN ${type} ${type === 'IP6' ? '::' : '0.0.0.0'}`,
    't=0 0',
    'a=tool:vigil-simulator',
    'a=range:npt=now-',
    'a=control:*',
    'm=video 0 RTP/AVP 96',
    'a=rtpmap:96 H264/90000',
    `a=fmtp:96 ${fmtp}`,
  ];
  if (options.fps) lines.push(`a=framerate:${options.fps}`);
  if (options.width && options.height) lines.push(`a=x-dimensions:${options.width},${options.height}`);
  lines.push(`a=control:${options.trackControl}`, 'a=recvonly');
  return lines.join('\r\n') + '\r\n';
}
