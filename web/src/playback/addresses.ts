// Addresses of the playback page: the hub's ranges and playlist of a camera, and the page's own state in the route.
import type { Span } from './timeline.js';

const cameraPath = (cameraId: string): string => `/playback/${encodeURIComponent(cameraId)}`;

export function rangesUrl(cameraId: string, day: Span): string {
  const query = new URLSearchParams({ from: String(day.startMs), to: String(day.endMs) });
  return `${cameraPath(cameraId)}/ranges?${query.toString()}`;
}

/** The VOD playlist of [from, to], with the reason for playback when one is given. */
export function playlistUrl(cameraId: string, from: number, to: number, reason: string | null | undefined): string {
  const query = new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });
  if (reason) query.set('reason', reason);
  return `${cameraPath(cameraId)}/vod.m3u8?${query.toString()}`;
}

/** `camera=…&day=…&t=…` of the page (no camera before one is chosen, no time before one is known). */
export function pageParams(state: { camera: string; day: string; atMs: number | null }): URLSearchParams {
  const params = new URLSearchParams();
  if (state.camera) params.set('camera', state.camera);
  params.set('day', state.day);
  if (state.atMs !== null) params.set('t', String(Math.round(state.atMs)));
  return params;
}
