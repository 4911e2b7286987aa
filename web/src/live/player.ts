// One live LL-HLS player (hls.js, low-latency tuned) with codec detection, media recovery and backoff retries.
import Hls, { ErrorDetails, ErrorTypes, Events, type ErrorData, type HlsConfig } from 'hls.js';
import { errorText } from '../../../src/contracts/error-text.js';
import { language } from '../shared/i18n.js';

export type PlayerState =
  | { kind: 'loading' }
  | { kind: 'playing' }
  | { kind: 'buffering' }
  /** `reason`: the hub refused the stream and said why (e.g. the link to a branch hub is full). */
  | { kind: 'retrying'; attempt: number; delayMs: number; reason?: string }
  /** The browser cannot decode the stream (H.265 in most browsers); retrying will not help. */
  | { kind: 'codec'; mimeType: string | null }
  /** Neither MediaSource nor native HLS. */
  | { kind: 'unsupported' }
  /** Autoplay refused (should not happen: videos are muted). */
  | { kind: 'blocked' };

/**
 * Tuned for the hub's LL-HLS: with `lowLatencyMode` hls.js keeps the playlist's PART-HOLD-BACK (≈3 parts) as its
 * target latency. Setting `liveSyncDuration`/`liveSyncDurationCount` would override PART-HOLD-BACK with whole
 * segments (GOPs), so they stay unset; instead the player catches up by playing up to 1.5× and keeps little back
 * buffer (walls of 16 players).
 */
export const LOW_LATENCY_CONFIG: Partial<HlsConfig> = {
  lowLatencyMode: true,
  enableWorker: true,
  maxLiveSyncPlaybackRate: 1.5,
  // hls.js never lowers a target it raised after a stall: 16 players starting together on a busy machine stall
  // a dozen times in their first seconds, and each step stayed for good (tiles settled near 4 s with 0.1 s steps).
  // The target stays at PART-HOLD-BACK; a tile that falls behind jumps back to the edge (keepNearLiveEdge).
  liveSyncOnStallIncrease: 0,
  backBufferLength: 4,
  maxBufferLength: 6,
  maxMaxBufferLength: 12,
  // A live edge lost behind the sliding window is re-found instead of stalling.
  liveDurationInfinity: false,
};

/** Waits between restarts after fatal errors (the hub's ingest uses the same ladder), ±20 % jitter. */
const BACKOFF_MS = [1_000, 2_000, 5_000, 10_000, 30_000];
/** Playing this long without a fatal error resets the backoff ladder. */
const HEALTHY_AFTER_MS = 10_000;
/** How often a playing tile checks whether it fell behind the live edge. */
const EDGE_CHECK_MS = 2_000;
/**
 * Behind its target by more than this, a tile jumps back to the live edge. hls.js itself speeds playback up only
 * within one target duration of the target and with over a second of buffer, so a tile that fell further behind
 * (16 players starting at once, a busy machine) would otherwise stay seconds late for good.
 */
const MAX_LAG_BEHIND_TARGET_S = 0.5;
/** A second fatal media error within this window restarts the player instead of `recoverMediaError()`. */
const MEDIA_RECOVERY_WINDOW_MS = 5_000;

const CODEC_DETAILS = new Set<string>([
  ErrorDetails.MANIFEST_INCOMPATIBLE_CODECS_ERROR,
  ErrorDetails.BUFFER_INCOMPATIBLE_CODECS_ERROR,
]);

function isVideoCodecFailure(data: ErrorData): boolean {
  if (CODEC_DETAILS.has(data.details)) return true;
  return (
    data.details === ErrorDetails.BUFFER_ADD_CODEC_ERROR &&
    (data.fatal || data.sourceBufferName === 'video' || data.sourceBufferName === 'audiovideo')
  );
}

export class LivePlayer {
  private instance: Hls | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private healthyTimer: ReturnType<typeof setTimeout> | undefined;
  private lastMediaRecovery = 0;
  private edgeTimer: ReturnType<typeof setInterval> | undefined;
  private destroyed = false;
  private readonly videoListeners: Array<[keyof HTMLMediaElementEventMap, () => void]>;

  constructor(
    readonly video: HTMLVideoElement,
    readonly url: string,
    private readonly onState: (state: PlayerState) => void,
  ) {
    video.muted = true;
    video.autoplay = true;
    video.playsInline = true;
    this.videoListeners = [
      ['playing', () => this.markPlaying()],
      ['waiting', () => this.onState({ kind: 'buffering' })],
    ];
    for (const [type, listener] of this.videoListeners) video.addEventListener(type, listener);
    this.edgeTimer = setInterval(() => this.keepNearLiveEdge(), EDGE_CHECK_MS);
    this.start();
  }

  /** The hls.js instance while one runs (null with native HLS or between retries). */
  get hls(): Hls | null {
    return this.instance;
  }

  /** Wall clock minus the program-date-time of the frame on screen; null before the first frame. */
  latencyMs(): number | null {
    const date = this.instance?.playingDate;
    if (!date || this.video.paused) return null;
    return Date.now() - date.getTime();
  }

  /** Restarts now (e.g. the camera just came back online) instead of waiting out the backoff. */
  retryNow(): void {
    if (this.destroyed) return;
    clearTimeout(this.retryTimer);
    this.attempt = 0;
    this.start();
  }

  destroy(): void {
    this.destroyed = true;
    clearInterval(this.edgeTimer);
    clearTimeout(this.retryTimer);
    clearTimeout(this.healthyTimer);
    for (const [type, listener] of this.videoListeners) this.video.removeEventListener(type, listener);
    this.teardown();
  }

  private start(): void {
    this.teardown();
    this.onState({ kind: 'loading' });
    if (!Hls.isSupported()) {
      this.startNative();
      return;
    }
    const hls = new Hls(LOW_LATENCY_CONFIG);
    this.instance = hls;
    hls.on(Events.ERROR, (_event, data) => this.onError(hls, data));
    hls.on(Events.MEDIA_ATTACHED, () => hls.loadSource(this.url));
    hls.on(Events.MANIFEST_PARSED, () => this.play());
    hls.attachMedia(this.video);
  }

  /** Safari without MSE plays HLS itself (no latency figure then). */
  private startNative(): void {
    if (!this.video.canPlayType('application/vnd.apple.mpegurl')) {
      this.onState({ kind: 'unsupported' });
      return;
    }
    this.video.src = this.url;
    this.play();
  }

  private play(): void {
    this.video.play().catch((error: unknown) => {
      if (this.destroyed) return;
      // AbortError only means a newer load (retry, teardown) replaced this one.
      if (error instanceof DOMException && error.name === 'AbortError') return;
      if (error instanceof DOMException && error.name === 'NotAllowedError') this.onState({ kind: 'blocked' });
      else console.warn('video.play() failed', error);
    });
  }

  /** Jumps a tile that lags its target latency by over a second back to the live edge. */
  private keepNearLiveEdge(): void {
    const hls = this.instance;
    if (!hls || this.video.paused || this.video.seeking) return;
    const edge = hls.liveSyncPosition;
    const target = hls.targetLatency;
    if (edge === null || target === null || !Number.isFinite(hls.latency)) return;
    if (hls.latency > target + MAX_LAG_BEHIND_TARGET_S && edge > this.video.currentTime) this.video.currentTime = edge;
  }

  private markPlaying(): void {
    this.onState({ kind: 'playing' });
    clearTimeout(this.healthyTimer);
    this.healthyTimer = setTimeout(() => {
      this.attempt = 0;
    }, HEALTHY_AFTER_MS);
  }

  private onError(hls: Hls, data: ErrorData): void {
    if (hls !== this.instance || this.destroyed) return;
    if (isVideoCodecFailure(data)) {
      this.teardown();
      this.onState({ kind: 'codec', mimeType: data.mimeType ?? null });
      return;
    }
    if (!data.fatal) return;
    const now = Date.now();
    if (data.type === ErrorTypes.MEDIA_ERROR && now - this.lastMediaRecovery > MEDIA_RECOVERY_WINDOW_MS) {
      this.lastMediaRecovery = now;
      console.warn(`hls.js fatal media error (${data.details}): recovering`);
      hls.recoverMediaError();
      return;
    }
    console.warn(`hls.js fatal ${data.type} error (${data.details}): restarting`);
    this.scheduleRestart(refusalReason(data));
  }

  private scheduleRestart(reason?: string): void {
    this.teardown();
    clearTimeout(this.healthyTimer);
    const base = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)] ?? 1_000;
    const delayMs = Math.round(base * (0.8 + Math.random() * 0.4));
    this.attempt += 1;
    this.onState({ kind: 'retrying', attempt: this.attempt, delayMs, ...(reason ? { reason } : {}) });
    this.retryTimer = setTimeout(() => this.start(), delayMs);
  }

  private teardown(): void {
    if (this.instance) {
      this.instance.destroy();
      this.instance = null;
    }
    if (this.video.getAttribute('src')) {
      this.video.removeAttribute('src');
      this.video.load();
    }
  }
}

/** The hub's reason when it refused a playlist for now (503 with its error body), e.g. a full link to a branch. */
function refusalReason(data: ErrorData): string | undefined {
  if (data.details !== ErrorDetails.MANIFEST_LOAD_ERROR && data.details !== ErrorDetails.LEVEL_LOAD_ERROR) return;
  const request = data.networkDetails as XMLHttpRequest | undefined;
  if (request?.status !== 503 || typeof request.responseText !== 'string') return;
  try {
    const body = JSON.parse(request.responseText) as {
      error?: { code?: unknown; message?: unknown; details?: unknown };
    };
    const { code, message, details } = body.error ?? {};
    if (typeof message !== 'string') return undefined;
    return errorText({ code: String(code), message, details }, language());
  } catch {
    return undefined;
  }
}
