// Plays a recorded range with hls.js and maps wall-clock times to media times through each file's program-date-time.
import Hls, { Events, type ErrorData, type LevelLoadedData } from 'hls.js';

/** One playlist segment (one recording file) on both clocks. */
interface Placed {
  /** Wall-clock start, from EXT-X-PROGRAM-DATE-TIME. */
  pdt: number;
  /** Media start on the player's timeline, in seconds. */
  start: number;
  duration: number;
}

export interface VodPlayerEvents {
  /** A fatal error the player could not recover from. */
  onError(message: string): void;
}

export class VodPlayer {
  readonly video: HTMLVideoElement;
  private hlsInstance: Hls | null = null;
  private placed: Placed[] = [];
  /** A seek asked before the playlist arrived, done once it has. */
  private pendingSeekMs: number | null = null;
  private loaded: Promise<void> = Promise.resolve();

  constructor(private readonly events: VodPlayerEvents) {
    this.video = document.createElement('video');
    this.video.muted = true;
    this.video.playsInline = true;
    this.video.dataset.testid = 'playback-video';
  }

  get hls(): Hls | null {
    return this.hlsInstance;
  }

  /** Loads a playlist; resolves once its segments are known (then seeks to `startAtMs` when given). */
  load(url: string, startAtMs: number | null): Promise<void> {
    this.unload();
    this.pendingSeekMs = startAtMs;
    const hls = new Hls({ enableWorker: true, autoStartLoad: false, maxBufferLength: 30, backBufferLength: 30 });
    this.hlsInstance = hls;
    this.loaded = new Promise<void>((resolve, reject) => {
      let started = false;
      hls.on(Events.LEVEL_LOADED, (_event, data: LevelLoadedData) => {
        this.place(data);
        if (!started) {
          started = true;
          hls.startLoad(this.mediaTimeOf(this.pendingSeekMs ?? this.placed[0]?.pdt ?? 0) ?? 0);
          if (this.pendingSeekMs !== null) this.seek(this.pendingSeekMs);
          this.pendingSeekMs = null;
          resolve();
        }
      });
      hls.on(Events.LEVEL_UPDATED, (_event, data) => this.place(data));
      hls.on(Events.ERROR, (_event, data: ErrorData) => {
        if (!data.fatal) return;
        if (data.type === Hls.ErrorTypes.MEDIA_ERROR) return void hls.recoverMediaError();
        const message = data.response?.code ? `HTTP ${data.response.code}` : data.details;
        this.events.onError(message);
        reject(new Error(message));
      });
    });
    this.loaded.catch(() => undefined);
    hls.loadSource(url);
    hls.attachMedia(this.video);
    return this.loaded;
  }

  unload(): void {
    this.hlsInstance?.destroy();
    this.hlsInstance = null;
    this.placed = [];
    this.video.removeAttribute('src');
  }

  /** Seeks to a wall-clock time; a time in a gap goes to the next recording. False when nothing is after it. */
  seek(ms: number): boolean {
    const position = this.mediaTimeOf(ms);
    if (position === undefined) return false;
    this.video.currentTime = position;
    return true;
  }

  /** The wall-clock time of the frame shown (its program-date-time), or null before the first frame. */
  playingDate(): number | null {
    // The segment under the playhead and its own program-date-time: right at once after a seek, where
    // hls.js's playingDate still extrapolates from the segment played before.
    return this.wallTimeOf(this.video.currentTime) ?? this.hlsInstance?.playingDate?.getTime() ?? null;
  }

  async play(): Promise<void> {
    await this.video.play();
  }

  pause(): void {
    this.video.pause();
  }

  setRate(rate: number): void {
    this.video.playbackRate = rate;
  }

  private place(data: { details: LevelLoadedData['details'] }): void {
    this.placed = data.details.fragments
      .filter((fragment) => fragment.programDateTime !== null)
      .map((fragment) => ({ pdt: fragment.programDateTime ?? 0, start: fragment.start, duration: fragment.duration }));
  }

  private mediaTimeOf(ms: number): number | undefined {
    for (const segment of this.placed) {
      const end = segment.pdt + segment.duration * 1000;
      if (ms < segment.pdt) return segment.start;
      if (ms < end) return segment.start + (ms - segment.pdt) / 1000;
    }
    return undefined;
  }

  private wallTimeOf(seconds: number): number | null {
    const segment = this.placed.find((s) => seconds >= s.start && seconds < s.start + s.duration);
    return segment ? segment.pdt + (seconds - segment.start) * 1000 : null;
  }
}
