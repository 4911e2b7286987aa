// HTTP edge of playback/: ranges, VOD playlists, recorded files (with Range), exports; inputs checked with zod.
import express, { Router, type Request, type Response } from 'express';
import { join } from 'node:path';
import { z } from 'zod';
import type {
  ExportJobView,
  PlaybackConfigView,
  PlaybackRangesView,
  RetrievalJobView,
  TimeSpanView,
} from '../contracts/index.js';
import { refusalError, type DoorKind, type Refusal } from '../org/index.js';
import { assertSafeCameraId } from '../recording/index.js';
import { isVigilError } from '../shared/index.js';
import { issueText, requestLanguage } from '../shared/issue-text.js';
import { PlaybackCatalog, type RecordingFileInfo, type RecordingLookup, type TimeRanges } from './catalog.js';
import type { ExportJob, ExportService } from './export.js';
import { MANIFEST_NAME } from './manifest.js';
import { InitSizeCache, MP4_TYPE, sendSlice, sendWholeFile, type FilePart } from './media.js';
import type { RemoteFootage } from './remote.js';
import { mountRetrievalRoutes } from './retrieval-routes.js';
import { RecordedViews, type RecordedView, type ViewSubject } from './views.js';

export const PLAYLIST_TYPE = 'application/vnd.apple.mpegurl';

export interface PlaybackLimits {
  /** Longest span for /ranges. Default 31 days. */
  readonly rangesMs: number;
  /** Longest span for a playlist. Default 7 days. */
  readonly playlistMs: number;
  /** Longest clip. Default 1 hour. */
  readonly exportMs: number;
  /** Longest retrieval of another hub's footage. Default 1 day. */
  readonly retrievalMs: number;
}

/** Audit hooks: one call per view of recorded footage (not per request) and per export created. */
export interface PlaybackAudit {
  /** A view begins: a playlist's range, a recording file fetched on its own, or an export's download. */
  viewed(req: Request, view: Pick<RecordedView, 'subject' | 'reason'>): void;
  exported(req: Request, job: ExportJob, reason: string | null): void;
  /** A retrieval of another hub's footage is asked for. */
  retrieved?(req: Request, job: RetrievalJobView, reason: string | null): void;
}

export interface PlaybackRouterOptions {
  readonly lookup: RecordingLookup;
  readonly dataDir: string;
  /** Absent → the export routes answer 404. */
  readonly exports?: Pick<ExportService, 'create' | 'get' | 'dirOf'>;
  /**
   * The camera guard for recorded footage: why the caller may not read this camera's recordings (`cameraId` null:
   * a door that names no camera), or undefined when it may. Absent → everything allowed.
   */
  readonly guard?: (req: Request, cameraId: string | null) => Refusal | undefined | Promise<Refusal | undefined>;
  readonly audit?: PlaybackAudit;
  /**
   * A `reason` is required before any recorded footage is read: the playlist's query, the export's body, or the
   * `reason` query of a file or download asked for outside a view (URLs a view hands out carry its token).
   */
  readonly requireReason?: boolean;
  /** Who asks: views and the export audit trail are per user. */
  readonly userOf?: (req: Request) => string | null;
  /** The user's name, for the message of a refused export. */
  readonly usernameOf?: (req: Request) => string | null;
  /** How long an unused view lasts (default 10 minutes). */
  readonly viewWindowMs?: number;
  readonly limits?: Partial<PlaybackLimits>;
  readonly gapMs?: number;
  readonly now?: () => number;
  /** Footage of cameras recorded on another hub (a branch hub's, at the center): listed, played and retrieved. */
  readonly remote?: RemoteFootage;
}

const DAY = 86_400_000;
const reasonSchema = z.string().trim().max(500).optional();
const DEFAULT_LIMITS: PlaybackLimits = {
  rangesMs: 31 * DAY,
  playlistMs: 7 * DAY,
  exportMs: 3_600_000,
  retrievalMs: DAY,
};

const instant = z.union([z.string().trim().min(1), z.number()]).transform((value, ctx) => {
  const ms = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isSafeInteger(Math.round(ms)) || !Number.isFinite(ms)) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is neither an ISO 8601 time nor epoch milliseconds` });
    return z.NEVER;
  }
  return Math.round(ms);
});

function spanSchema(maxMs: number) {
  const hours = maxMs / 3_600_000;
  const limit = hours >= 48 ? `${Math.round(hours / 24)} days` : `${hours} hour(s)`;
  return z
    .object({ from: instant, to: instant })
    .refine((r) => r.from < r.to, { message: '"from" must be before "to"', path: ['to'] })
    .refine((r) => r.to - r.from <= maxMs, { message: `the range may span at most ${limit}`, path: ['to'] });
}

function badRequest(res: Response, error: z.ZodError): void {
  const language = requestLanguage(res.req);
  const details = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issueText(issue, language) }));
  res.status(400).json({
    error: {
      code: 'VIGIL_VALIDATION',
      message: details.map((d) => `${d.path || 'request'}: ${d.message}`).join('; '),
      details,
    },
  });
}

const fail = (res: Response, status: number, code: string, message: string, details?: unknown): void =>
  void res.status(status).json({ error: { code, message, details } });

/** The query that binds a URL to a view. */
const viewQuery = (view: RecordedView | undefined): string => (view ? `?view=${view.token}` : '');

const jobView = (job: ExportJob, base: string, view?: RecordedView): ExportJobView => ({
  id: job.id,
  cameraId: job.cameraId,
  from: new Date(job.fromMs).toISOString(),
  to: new Date(job.toMs).toISOString(),
  state: job.state,
  queued: job.queued,
  progress: Math.round(job.progress * 1000) / 1000,
  fileName: job.fileName,
  bytes: job.bytes ?? null,
  sha256: job.sha256 ?? null,
  error: job.error ?? null,
  statusUrl: `${base}/exports/${job.id}${viewQuery(view)}`,
  downloadUrl: `${base}/exports/${job.id}/download${viewQuery(view)}`,
  manifestUrl: `${base}/exports/${job.id}/manifest${viewQuery(view)}`,
});

/** A recording file as a view's subject and as one request: its own span (the open file up to now). */
const fileSubject = (row: RecordingFileInfo): ViewSubject => ({
  kind: 'file',
  cameraId: row.cameraId,
  fileId: row.id,
  fromMs: row.startMs,
  toMs: row.endMs,
});

/** A camera id that cannot leave the recordings directory; anything else is one more unknown camera. */
function safeId(cameraId: string): boolean {
  try {
    assertSafeCameraId(cameraId);
    return true;
  } catch (error) {
    if (!isVigilError(error)) throw error;
    return false;
  }
}

export function createPlaybackRouter(options: PlaybackRouterOptions): Router {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const catalog = new PlaybackCatalog({ lookup: options.lookup, gapMs: options.gapMs, now: options.now });
  const inits = new InitSizeCache();
  const ranges = spanSchema(limits.rangesMs);
  const playlist = spanSchema(limits.playlistMs);
  const clip = spanSchema(limits.exportMs);
  const router = Router();

  const views = new RecordedViews({ windowMs: options.viewWindowMs, now: options.now });
  const userOf = (req: Request): string => options.userOf?.(req) ?? '';

  /** Throws the door's refusal unless the caller may read the camera's recordings; a malformed id is unknown. */
  const guard = async (req: Request, cameraId: string | null, door: DoorKind = 'media'): Promise<void> => {
    const refusal =
      (await options.guard?.(req, cameraId)) ?? (cameraId === null || safeId(cameraId) ? undefined : 'hidden');
    if (refusal) throw refusalError(refusal, door);
  };

  /** The reason given for a view or an export; undefined (after a 400) when one is required and missing. */
  const reasonOf = (res: Response, value: unknown, hint = ''): string | null | undefined => {
    const parsed = reasonSchema.safeParse(typeof value === 'string' ? value : undefined);
    const reason = parsed.success && parsed.data ? parsed.data : null;
    if (!parsed.success) return void badRequest(res, parsed.error);
    if (options.requireReason && !reason) {
      const message = `reason: give a reason (e.g. a case number) to play back or export${hint}`;
      return void fail(res, 400, 'VIGIL_VALIDATION', message);
    }
    return reason;
  };

  /** Writes the view's audit entry the first time it is used. */
  const used = (req: Request, view: RecordedView): RecordedView => {
    if (views.firstUse(view)) options.audit?.viewed(req, view);
    return view;
  };

  /**
   * The view a recorded-media request belongs to: the one its `view` token names, else a view of its own whose
   * reason (`?reason=`) is checked like a playlist's. Undefined after answering 400.
   */
  const viewOf = (req: Request, res: Response, subject: ViewSubject): RecordedView | undefined => {
    const named = views.find(req.query.view, userOf(req), subject);
    if (named) return used(req, named);
    const reason = reasonOf(res, req.query.reason, ', or open it again from its playlist or export');
    return reason === undefined ? undefined : used(req, views.open(userOf(req), subject, reason));
  };

  // Exports of cameras outside the scope look exactly like exports that do not exist.
  const exportJob = async (req: Request): Promise<ExportJob> => {
    await guard(req, null, 'export');
    const id = String(req.params.id);
    const job = options.exports && /^exp_[a-z0-9]+$/.test(id) ? await options.exports.get(id) : undefined;
    if (!job) throw refusalError('hidden', 'export');
    await guard(req, job.cameraId, 'export');
    return job;
  };
  const exportSubject = (job: ExportJob): ViewSubject => ({
    kind: 'export',
    cameraId: job.cameraId,
    exportId: job.id,
    fromMs: job.fromMs,
    toMs: job.toMs,
  });

  /** A recording of the camera by id (another hub's id for a camera recorded there); the id must be the camera's. */
  const fileOf = async (cameraId: string, id: number): Promise<RecordingFileInfo | undefined> => {
    if (options.remote?.owns(cameraId)) return options.remote.file(cameraId, id);
    const row = options.lookup.byId(id);
    // The id must belong to the camera in the URL, or the scope check would mean nothing.
    return row?.cameraId === cameraId ? row : undefined;
  };
  const send = async (res: Response, row: RecordingFileInfo, part: FilePart): Promise<void> => {
    if (options.remote?.owns(row.cameraId)) return options.remote.send(res, row, part);
    if (part === 'file') return sendWholeFile(res, options.dataDir, row);
    return sendSlice(res, options.dataDir, row, part, inits);
  };

  if (options.remote) {
    mountRetrievalRoutes(router, {
      door: options.remote.retrievals,
      guard,
      reasonOf,
      span: spanSchema(limits.retrievalMs),
      badRequest,
      userOf: (req) => options.userOf?.(req) ?? null,
      usernameOf: (req) => options.usernameOf?.(req) ?? null,
      audit: options.audit?.retrieved,
    });
  }

  router.get('/config', async (req, res) => {
    await guard(req, null);
    const body: PlaybackConfigView = {
      requireReason: options.requireReason ?? false,
      limits,
      ...(options.remote ? { retrievalKbps: options.remote.retrievals.capKbps } : {}),
    };
    res.json(body);
  });

  // Export routes first: '/exports/...' must not be read as a camera called "exports".
  // The status names the caller's view (if its URL did) in the links, so a download needs no reason again.
  router.get('/exports/:id', async (req, res) => {
    const job = await exportJob(req);
    res.json(jobView(job, req.baseUrl, views.find(req.query.view, userOf(req), exportSubject(job))));
  });

  router.get('/exports/:id/:what', async (req, res) => {
    const what = req.params.what;
    if (what !== 'download' && what !== 'manifest') return fail(res, 404, 'VIGIL_NOT_FOUND', 'Not found');
    const job = await exportJob(req);
    if (!options.exports) return;
    if (job.state !== 'done')
      return fail(res, 409, 'VIGIL_CONFLICT', `The export is ${job.state}, not ready`, {
        reason: 'job_state',
        state: job.state,
      });
    if (!viewOf(req, res, exportSubject(job))) return;
    const dir = options.exports.dirOf(job.id);
    if (what === 'manifest') return void res.type('application/json').sendFile(join(dir, MANIFEST_NAME));
    res.attachment(job.fileName);
    res.sendFile(join(dir, job.fileName), { acceptRanges: true, headers: { 'Content-Type': MP4_TYPE } });
  });

  router.get('/:cameraId/ranges', async (req, res) => {
    const { cameraId } = req.params;
    await guard(req, cameraId);
    const parsed = ranges.safeParse(req.query);
    if (!parsed.success) return badRequest(res, parsed.error);
    const { from, to } = parsed.data;
    const remote = options.remote?.owns(cameraId) ? await options.remote.ranges(cameraId, from, to) : undefined;
    const result: TimeRanges = remote ?? catalog.ranges(cameraId, from, to);
    const iso = (s: { startMs: number; endMs: number }): TimeSpanView => ({
      start: new Date(s.startMs).toISOString(),
      end: new Date(s.endMs).toISOString(),
      startMs: s.startMs,
      endMs: s.endMs,
    });
    const body: PlaybackRangesView = {
      cameraId,
      from: new Date(result.fromMs).toISOString(),
      to: new Date(result.toMs).toISOString(),
      recorded: result.recorded.map(iso),
      gaps: result.gaps.map(iso),
      ...(remote
        ? {
            retrieved: remote.retrieved.map(iso),
            retrieving: remote.retrieving.map(iso),
            ...(remote.unreachable ? { branchUnreachable: true } : {}),
          }
        : {}),
    };
    res.set('Cache-Control', 'no-cache').json(body);
  });

  // The playlist starts a view (audited once, however often it is reloaded); its URIs carry the view's token.
  router.get('/:cameraId/vod.m3u8', async (req, res) => {
    const { cameraId } = req.params;
    await guard(req, cameraId);
    const parsed = playlist.safeParse(req.query);
    if (!parsed.success) return badRequest(res, parsed.error);
    const reason = reasonOf(res, req.query.reason);
    if (reason === undefined) return;
    const { from: fromMs, to: toMs } = parsed.data;
    const view = views.open(userOf(req), { kind: 'range', cameraId, fromMs, toMs }, reason);
    const list = options.remote?.owns(cameraId)
      ? await options.remote.playlist(cameraId, fromMs, toMs, viewQuery(view), {
          username: options.usernameOf?.(req) ?? 'unknown',
          reason,
        })
      : catalog.playlist(cameraId, fromMs, toMs, viewQuery(view));
    if (list.files === 0 && !list.live) return fail(res, 404, 'VIGIL_NOT_FOUND', 'Nothing is recorded in that range');
    used(req, view);
    res
      .status(200)
      .set({ 'Content-Type': PLAYLIST_TYPE, 'Cache-Control': list.live ? 'no-cache' : 'private, max-age=60' })
      .end(list.text);
  });

  router.get('/:cameraId/files/:file', async (req, res) => {
    const { cameraId, file } = req.params;
    const match = /^(\d{1,15})\.mp4$/.exec(file);
    if (!match) return fail(res, 404, 'VIGIL_NOT_FOUND', 'Not found');
    await guard(req, cameraId);
    const row = await fileOf(cameraId, Number(match[1]));
    if (!row) return fail(res, 404, 'VIGIL_NOT_FOUND', 'No such recording');
    if (!viewOf(req, res, fileSubject(row))) return;
    await send(res, row, 'file');
  });

  router.get('/:cameraId/files/:id/:part', async (req, res) => {
    const { cameraId, id, part } = req.params;
    const kind = part === 'init.mp4' ? 'init' : part === 'media.m4s' ? 'media' : undefined;
    if (!kind || !/^\d{1,15}$/.test(id)) return fail(res, 404, 'VIGIL_NOT_FOUND', 'Not found');
    await guard(req, cameraId);
    const row = await fileOf(cameraId, Number(id));
    if (!row) return fail(res, 404, 'VIGIL_NOT_FOUND', 'No such recording');
    if (!viewOf(req, res, fileSubject(row))) return;
    await send(res, row, kind);
  });

  router.post('/:cameraId/exports', express.json({ limit: '4kb' }), async (req, res) => {
    const { cameraId } = req.params;
    if (!options.exports) return fail(res, 404, 'VIGIL_NOT_FOUND', 'Exports are not enabled');
    await guard(req, cameraId);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = clip.safeParse(body);
    if (!parsed.success) return badRequest(res, parsed.error);
    const reason = reasonOf(res, body.reason);
    if (reason === undefined) return;
    const job = options.exports.create({
      cameraId,
      fromMs: parsed.data.from,
      toMs: parsed.data.to,
      userId: options.userOf?.(req) ?? null,
      username: options.usernameOf?.(req) ?? null,
    });
    options.audit?.exported(req, job, reason);
    // The export's download is a view of its own, bound to this reason and audited at the first download.
    const view = jobView(job, req.baseUrl, views.open(userOf(req), exportSubject(job), reason));
    res.status(202).location(view.statusUrl).json(view);
  });

  return router;
}
