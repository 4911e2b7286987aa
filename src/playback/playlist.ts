// Pure VOD/EVENT HLS playlist writer over indexed recording files: one EXT-X-MAP per file, discontinuity at breaks.

export interface PlaylistFile {
  readonly id: number;
  readonly startMs: number;
  readonly endMs: number;
  /** The media timeline restarts here (producer restart), even without a wall-clock gap. */
  readonly discontinuity?: boolean;
}

export interface PlaylistOptions {
  /** EVENT without ENDLIST (the range reaches now and the list will grow) instead of VOD. */
  readonly live: boolean;
  /** A file starting this long or more after the previous one ended is preceded by EXT-X-DISCONTINUITY. */
  readonly gapMs: number;
  /** Appended to every URI (e.g. `?view=<token>`): fragment requests then belong to the playlist's view. */
  readonly query?: string;
}

export const initUri = (id: number, query = ''): string => `files/${id}/init.mp4${query}`;
export const mediaUri = (id: number, query = ''): string => `files/${id}/media.m4s${query}`;

/**
 * Each file is one segment: its init (ftyp+moov) is the EXT-X-MAP and the rest (its moof+mdat fragments)
 * the media. Every file has its own init, so the map is repeated per file; identical maps cost one small
 * request each, which is cheaper than reading files to compare them while building the list.
 */
export function renderVodPlaylist(files: readonly PlaylistFile[], options: PlaylistOptions): string {
  let target = 1;
  for (const f of files) target = Math.max(target, Math.ceil((f.endMs - f.startMs) / 1000));
  const lines: string[] = [
    '#EXTM3U',
    '#EXT-X-VERSION:7',
    `#EXT-X-TARGETDURATION:${target}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    `#EXT-X-PLAYLIST-TYPE:${options.live ? 'EVENT' : 'VOD'}`,
    '#EXT-X-INDEPENDENT-SEGMENTS',
  ];
  let previousEnd: number | undefined;
  for (const f of files) {
    if (previousEnd !== undefined && (f.discontinuity === true || f.startMs - previousEnd >= options.gapMs))
      lines.push('#EXT-X-DISCONTINUITY');
    previousEnd = f.endMs;
    lines.push(
      `#EXT-X-MAP:URI="${initUri(f.id, options.query)}"`,
      `#EXT-X-PROGRAM-DATE-TIME:${new Date(f.startMs).toISOString()}`,
      `#EXTINF:${((f.endMs - f.startMs) / 1000).toFixed(3)},`,
      mediaUri(f.id, options.query),
    );
  }
  if (!options.live) lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}
