// SDP (RFC 4566) of a DESCRIBE answer → the one video track this engine can take: H.264 (RFC 6184) or H.265
// (RFC 7798) with its parameter sets, or the reason it cannot (the caller then falls back to ffmpeg). Pure.

export type VideoCodec = 'h264' | 'h265';

export interface SdpVideoTrack {
  readonly codec: VideoCodec;
  readonly payloadType: number;
  readonly clockRate: number;
  /** The track's control attribute resolved against the base URL: what SETUP is sent to. */
  readonly controlUrl: string;
  /** Out-of-band parameter sets from the fmtp (SPS/PPS, or VPS/SPS/PPS), each a NAL unit without start code. */
  readonly parameterSets: readonly Buffer[];
}

export type SdpVerdict =
  | {
      readonly handled: true;
      readonly track: SdpVideoTrack;
      /** Aggregate control URL: what PLAY is sent to. */ readonly sessionUrl: string;
    }
  | { readonly handled: false; readonly reason: string; readonly hasVideo: boolean };

interface MediaSection {
  readonly kind: string;
  readonly formats: readonly number[];
  readonly attributes: Map<string, string[]>;
}

/** Picks the first H.264/H.265 video track of `sdp`; `baseUrl` is Content-Base, Content-Location or the request URL. */
export function parseSdpVideo(sdp: string, baseUrl: string): SdpVerdict {
  const session = new Map<string, string[]>();
  const media: MediaSection[] = [];
  for (const rawLine of sdp.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line.length < 2 || line[1] !== '=') continue;
    const value = line.slice(2);
    if (line[0] === 'm') {
      const [kind = '', , , ...formats] = value.split(/\s+/);
      media.push({ kind, formats: formats.map(Number).filter(Number.isInteger), attributes: new Map() });
    } else if (line[0] === 'a') {
      const colon = value.indexOf(':');
      const name = (colon < 0 ? value : value.slice(0, colon)).toLowerCase();
      const target = media.at(-1)?.attributes ?? session;
      const list = target.get(name) ?? [];
      list.push(colon < 0 ? '' : value.slice(colon + 1).trim());
      target.set(name, list);
    }
  }
  const videos = media.filter((m) => m.kind === 'video');
  if (videos.length === 0) return { handled: false, reason: 'the SDP has no video track', hasVideo: false };
  const sessionBase = resolveControl(baseUrl, session.get('control')?.[0]);
  const seen: string[] = [];
  for (const section of videos) {
    for (const payloadType of section.formats) {
      const encoding = formatAttribute(section, 'rtpmap', payloadType);
      if (!encoding) continue;
      const [name = '', rate = ''] = encoding.split('/');
      const codec = codecOf(name);
      seen.push(name);
      if (!codec) continue;
      const fmtp = parseFmtp(formatAttribute(section, 'fmtp', payloadType) ?? '');
      const unsupported = unsupportedFmtp(codec, fmtp);
      if (unsupported) return { handled: false, reason: unsupported, hasVideo: true };
      return {
        handled: true,
        track: {
          codec,
          payloadType,
          clockRate: Number(rate) || 90_000,
          controlUrl: resolveControl(sessionBase, section.attributes.get('control')?.[0]),
          parameterSets: parameterSetsOf(codec, fmtp),
        },
        sessionUrl: sessionBase,
      };
    }
  }
  const names = seen.length > 0 ? seen.join(', ') : 'no rtpmap';
  return { handled: false, reason: `video codec not handled by the native engine (${names})`, hasVideo: true };
}

function codecOf(encodingName: string): VideoCodec | undefined {
  const upper = encodingName.toUpperCase();
  if (upper === 'H264') return 'h264';
  if (upper === 'H265' || upper === 'HEVC') return 'h265';
  return undefined;
}

/** `a=rtpmap:96 H264/90000` → `H264/90000` for payload type 96. */
function formatAttribute(section: MediaSection, name: string, payloadType: number): string | undefined {
  for (const value of section.attributes.get(name) ?? []) {
    const space = value.indexOf(' ');
    if (space > 0 && Number(value.slice(0, space)) === payloadType) return value.slice(space + 1).trim();
  }
  return undefined;
}

function parseFmtp(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  return out;
}

function unsupportedFmtp(codec: VideoCodec, fmtp: Map<string, string>): string | undefined {
  if (codec === 'h264') {
    const mode = Number(fmtp.get('packetization-mode') ?? '0');
    return mode === 0 || mode === 1 ? undefined : `H.264 packetization-mode ${mode} is not handled`;
  }
  // With DONL fields every NAL carries a decoding order number this engine does not read (RFC 7798 §4.4).
  const donDiff = Number(fmtp.get('sprop-max-don-diff') ?? '0');
  return donDiff > 0 ? 'H.265 with sprop-max-don-diff > 0 (DONL) is not handled' : undefined;
}

function parameterSetsOf(codec: VideoCodec, fmtp: Map<string, string>): Buffer[] {
  const encoded =
    codec === 'h264'
      ? (fmtp.get('sprop-parameter-sets') ?? '').split(',')
      : ['sprop-vps', 'sprop-sps', 'sprop-pps'].flatMap((key) => (fmtp.get(key) ?? '').split(','));
  return encoded
    .map((text) => text.trim())
    .filter((text) => text !== '')
    .map((text) => Buffer.from(text, 'base64'))
    .filter((nal) => nal.length > 0);
}

/** RFC 2326 C.1.1: an absolute control URL stands alone; `*` is the base; anything else is appended to the base. */
export function resolveControl(base: string, control: string | undefined): string {
  if (control === undefined || control === '' || control === '*') return base;
  if (/^rtsps?:\/\//i.test(control)) return control;
  // Cameras write relative controls as path suffixes ("trackID=1"); appending is what players do with them.
  return base.endsWith('/') ? `${base}${control}` : `${base}/${control}`;
}
