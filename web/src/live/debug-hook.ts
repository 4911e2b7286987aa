// `window.__vigil`: the players on screen and their latencies, for end-to-end tests and benchmarks.
import type Hls from 'hls.js';

export interface DebugPlayer {
  cameraId: string | null;
  hls: Hls | null;
  video: HTMLVideoElement;
}

export interface VigilDebugHook {
  /** Live players by tile index (0-based); updated as tiles start and stop players. */
  players: Map<number, DebugPlayer>;
  /** The latency of each player now: wall clock minus the frame's program-date-time, null when unknown. */
  latencies(): Array<{ tileIndex: number; cameraId: string | null; latencyMs: number | null }>;
  /** Every visible tile with its state (`empty`, `stopped`, `loading`, `playing`, `buffering`, `retrying`, `codec`…). */
  tiles(): Array<{ tileIndex: number; cameraId: string | null; state: string }>;
  /** The current layout (1, 4, 9 or 16). */
  layout(): number;
}

declare global {
  interface Window {
    __vigil?: VigilDebugHook;
  }
}

export interface DebugSource {
  latencyOf(tileIndex: number): number | null;
  tiles(): Array<{ tileIndex: number; cameraId: string | null; state: string }>;
  layout(): number;
}

/** Installs the hook; the returned map is the one the page keeps up to date. */
export function installDebugHook(source: DebugSource): Map<number, DebugPlayer> {
  const players = new Map<number, DebugPlayer>();
  window.__vigil = {
    players,
    latencies: () =>
      [...players.entries()].map(([tileIndex, player]) => ({
        tileIndex,
        cameraId: player.cameraId,
        latencyMs: source.latencyOf(tileIndex),
      })),
    tiles: () => source.tiles(),
    layout: () => source.layout(),
  };
  return players;
}

export function removeDebugHook(): void {
  delete window.__vigil;
}
