// Public API of playback/: time ranges and VOD playlists from the recording index, file serving, clip export.
export {
  PlaybackCatalog,
  type PlaybackCatalogOptions,
  type RecordingLookup,
  type RecordingFileInfo,
  type Span,
  type TimeRanges,
  type VodPlaylist,
} from './catalog.js';
export { renderVodPlaylist, initUri, mediaUri, type PlaylistFile, type PlaylistOptions } from './playlist.js';
export {
  ExportService,
  type ExportJob,
  type ExportState,
  type ExportServiceOptions,
  type ExportEvents,
  type CameraInfo,
  estimateBytes,
} from './export.js';
export {
  ExportLimits,
  DEFAULT_EXPORT_LIMITS,
  type ExportLimitsConfig,
  type ExportRefusal,
  type StoredClip,
} from './export-limits.js';
export { ExportStore, EXPORT_ID, type ExportStoreOptions, type ExportPruneReport } from './export-store.js';
export { exportArgs, concatPlan, runExportFfmpeg, type ConcatSource } from './export-ffmpeg.js';
export {
  verifyExport,
  sha256File,
  MANIFEST_NAME,
  MANIFEST_FORMAT,
  type ExportManifest,
  type VerifyResult,
} from './manifest.js';
export {
  createPlaybackRouter,
  PLAYLIST_TYPE,
  type PlaybackAudit,
  type PlaybackLimits,
  type PlaybackRouterOptions,
} from './routes.js';
export { InitSizeCache, MP4_TYPE, partBounds, sendSlice, sendWholeFile, type FilePart } from './media.js';
export {
  RecordedViews,
  VIEW_WINDOW_MS,
  type RecordedView,
  type RecordedViewsOptions,
  type ViewRequest,
  type ViewSubject,
} from './views.js';
export type { RemoteFootage, RemoteRanges, RemoteViewerInfo, RetrievalDoor } from './remote.js';
