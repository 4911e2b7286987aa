// Pure LL-HLS media playlist writer (RFC 8216bis, version 9) and the URI scheme of parts and segments.

export interface PlaylistPart {
  /** Seconds. */
  readonly duration: number;
  /** Starts with a keyframe: a player can start decoding here. */
  readonly independent: boolean;
}

export interface PlaylistSegment {
  readonly msn: number;
  /** Seconds; for a segment in progress, the sum of its parts so far. */
  readonly duration: number;
  /** Wall-clock ms of the segment's first frame. */
  readonly programDateTime: number;
  /** Complete segments get EXTINF and a URI; the one in progress is listed only through its parts. */
  readonly complete: boolean;
  readonly discontinuity: boolean;
  readonly initUri: string;
  /** Listed as EXT-X-PART when present (recent segments only). */
  readonly parts?: readonly PlaylistPart[];
}

export interface PlaylistState {
  /** Whole seconds, never below any segment's rounded duration. */
  readonly targetDuration: number;
  /** Seconds; no part is longer. */
  readonly partTarget: number;
  readonly mediaSequence: number;
  readonly discontinuitySequence: number;
  readonly segments: readonly PlaylistSegment[];
  /** The part the next fragment is expected to become. */
  readonly preloadHint?: { readonly msn: number; readonly part: number };
}

export function segmentUri(msn: number): string {
  return `seg-${msn}.m4s`;
}

export function partUri(msn: number, part: number): string {
  return `part-${msn}-${part}.m4s`;
}

export function initUri(version: number): string {
  // The first init keeps the plain name; later ones (codec/resolution change) are versioned so caches stay right.
  return version === 0 ? 'init.mp4' : `init-${version}.mp4`;
}

/** RFC 8216bis §6.2.5.2: how far past the last part a blocking request may reach before it is refused. */
export function advancePartLimit(partTarget: number): number {
  return partTarget < 1 ? Math.ceil(3 / partTarget) : 3;
}

/**
 * PART-HOLD-BACK must be at least 2× PART-TARGET (3× recommended); HOLD-BACK at least 3× TARGETDURATION.
 * PART-HOLD-BACK takes the minimum: hls.js plays that far behind the edge, and 3× measured 0.99 s of live
 * latency against 0.70 s for 2× here. A player that stalls raises its own distance (liveSyncOnStallIncrease).
 */
export function serverControl(state: Pick<PlaylistState, 'targetDuration' | 'partTarget'>): {
  partHoldBack: number;
  holdBack: number;
} {
  return { partHoldBack: 2 * state.partTarget, holdBack: 3 * state.targetDuration };
}

export function renderPlaylist(state: PlaylistState): string {
  const { partHoldBack, holdBack } = serverControl(state);
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:9',
    `#EXT-X-TARGETDURATION:${state.targetDuration}`,
    `#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=${decimal(partHoldBack)},HOLD-BACK=${decimal(holdBack)}`,
    `#EXT-X-PART-INF:PART-TARGET=${decimal(state.partTarget)}`,
    `#EXT-X-MEDIA-SEQUENCE:${state.mediaSequence}`,
  ];
  if (state.discontinuitySequence > 0) lines.push(`#EXT-X-DISCONTINUITY-SEQUENCE:${state.discontinuitySequence}`);
  let map: string | undefined;
  for (const segment of state.segments) {
    if (segment.discontinuity) lines.push('#EXT-X-DISCONTINUITY');
    if (segment.initUri !== map) {
      map = segment.initUri;
      lines.push(`#EXT-X-MAP:URI="${map}"`);
    }
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(segment.programDateTime).toISOString()}`);
    segment.parts?.forEach((part, index) => {
      const independent = part.independent ? ',INDEPENDENT=YES' : '';
      lines.push(`#EXT-X-PART:DURATION=${decimal(part.duration)},URI="${partUri(segment.msn, index)}"${independent}`);
    });
    if (segment.complete) lines.push(`#EXTINF:${decimal(segment.duration)},`, segmentUri(segment.msn));
  }
  if (state.preloadHint) {
    lines.push(`#EXT-X-PRELOAD-HINT:TYPE=PART,URI="${partUri(state.preloadHint.msn, state.preloadHint.part)}"`);
  }
  lines.push('');
  return lines.join('\n');
}

/** Up to 5 decimals, trailing zeros dropped: `0.2`, `1`, `0.04167`. */
function decimal(value: number): string {
  return String(Number(value.toFixed(5)));
}
