// `window.__vigilPlayback`: the playback page's player, for end-to-end tests.
import type Hls from 'hls.js';
import type { VodPlayer } from './vod-player.js';

export interface PlaybackDebugHook {
  hls(): Hls | null;
  video: HTMLVideoElement;
  /** Program-date-time of the frame shown, epoch ms. */
  playingDate(): number | null;
  /** Seeks as a click on the timeline does. */
  seek(ms: number): void;
  /** Loads the playlist of [from, to] of the camera shown and resolves once its segments are known. */
  playRange(fromMs: number, toMs: number): Promise<void>;
}

declare global {
  interface Window {
    __vigilPlayback?: PlaybackDebugHook;
  }
}

export function installPlaybackDebugHook(source: {
  player: VodPlayer;
  seek(ms: number): void;
  playRange(fromMs: number, toMs: number): Promise<void>;
}): () => void {
  const hook: PlaybackDebugHook = {
    hls: () => source.player.hls,
    video: source.player.video,
    playingDate: () => source.player.playingDate(),
    seek: (ms) => source.seek(ms),
    playRange: (from, to) => source.playRange(from, to),
  };
  window.__vigilPlayback = hook;
  return () => {
    if (window.__vigilPlayback === hook) delete window.__vigilPlayback;
  };
}
