// Public API of live/: the in-memory LL-HLS packager, its pure playlist writer and the express routes.
export { LlHlsPackager, type FragmentSource, type LlHlsPackagerOptions, type WaitResult } from './packager.js';
export {
  renderPlaylist,
  segmentUri,
  partUri,
  initUri,
  advancePartLimit,
  serverControl,
  type PlaylistPart,
  type PlaylistSegment,
  type PlaylistState,
} from './playlist.js';
export { WallClock, type WallClockOptions } from './wall-clock.js';
export {
  createLiveRouter,
  PLAYLIST_TYPE,
  MEDIA_TYPE,
  type LivePackager,
  type LiveRouterOptions,
  type NotReady,
} from './routes.js';
export { LiveViewAudit, LIVE_VIEW_IDLE_MS, type LiveViewer, type LiveViewAuditOptions } from './view-audit.js';
