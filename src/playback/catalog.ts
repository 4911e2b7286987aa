// Time-range listing and playlists for one camera, answered from the recording index alone.
import { renderVodPlaylist } from './playlist.js';

/** A recording file as playback sees it. */
export interface RecordingFileInfo {
  readonly id: number;
  readonly cameraId: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly bytes: number;
  /** Relative to the data dir. */
  readonly path: string;
  /** Still being written: its end and size grow. */
  readonly open: boolean;
  /** The media timeline restarts at this file. */
  readonly discontinuity?: boolean;
}

/** What playback needs from the recording index (RecordingStore satisfies it; tests pass plain objects). */
export interface RecordingLookup {
  files(cameraId: string, fromMs: number, toMs: number): readonly RecordingFileInfo[];
  runs(cameraId: string, fromMs: number, toMs: number, gapMs: number): readonly { startMs: number; endMs: number }[];
  byId(id: number): RecordingFileInfo | undefined;
}

export interface Span {
  readonly startMs: number;
  readonly endMs: number;
}

export interface TimeRanges {
  readonly cameraId: string;
  readonly fromMs: number;
  readonly toMs: number;
  /** Recorded runs, clipped to [from, to]. */
  readonly recorded: readonly Span[];
  /** Everything in [from, to] that is not recorded. */
  readonly gaps: readonly Span[];
}

export interface VodPlaylist {
  readonly text: string;
  /** EVENT playlist that grows as files close. */
  readonly live: boolean;
  readonly files: number;
}

export interface PlaybackCatalogOptions {
  readonly lookup: RecordingLookup;
  /** Files closer than this are one run. Default 2000 ms. */
  readonly gapMs?: number;
  readonly now?: () => number;
}

export class PlaybackCatalog {
  readonly gapMs: number;
  private readonly now: () => number;

  constructor(private readonly options: PlaybackCatalogOptions) {
    this.gapMs = options.gapMs ?? 2000;
    this.now = options.now ?? Date.now;
  }

  ranges(cameraId: string, fromMs: number, toMs: number): TimeRanges {
    const recorded: Span[] = [];
    const gaps: Span[] = [];
    let cursor = fromMs;
    for (const run of this.options.lookup.runs(cameraId, fromMs, toMs, this.gapMs)) {
      const startMs = Math.max(run.startMs, fromMs);
      const endMs = Math.min(run.endMs, toMs);
      if (endMs <= startMs) continue;
      if (startMs - cursor > 0) gaps.push({ startMs: cursor, endMs: startMs });
      recorded.push({ startMs, endMs });
      cursor = Math.max(cursor, endMs);
    }
    if (toMs > cursor) gaps.push({ startMs: cursor, endMs: toMs });
    return { cameraId, fromMs, toMs, recorded, gaps };
  }

  /**
   * Files overlapping [from, to] as whole segments (trimming is left to the player's start position).
   * The open file is left out: an HLS segment must not change once listed, so the list is EVENT and
   * grows by one file each time a file closes, until `to` is past and nothing in range is open.
   */
  playlist(cameraId: string, fromMs: number, toMs: number, query?: string): VodPlaylist {
    const all = this.options.lookup.files(cameraId, fromMs, toMs);
    const files = all.filter((f) => !f.open);
    const live = toMs > this.now() || files.length < all.length;
    return { text: renderVodPlaylist(files, { live, gapMs: this.gapMs, query }), live, files: files.length };
  }
}
