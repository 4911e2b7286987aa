// HTTP edge of playback/: ranges, VOD playlists, recorded files (with Range), exports; inputs checked with zod.
import express, { Router, type Request, type Response } from 'express';
import { join } from 'node:path';
import { z } from 'zod';
import type { ExportJobView, PlaybackConfigView, PlaybackRangesView, TimeSpanView } from '../contracts/index.js';
import { assertSafeCameraId } from '../recording/index.js';
import { isVigilError } from '../shared/index.js';
import { PlaybackCatalog, type RecordingLookup } from './catalog.js';
import type { ExportJob, ExportService } from './export.js';
import { MANIFEST_NAME } from './manifest.js';
import { InitSizeCache, MP4_TYPE, sendSlice, sendWholeFile } from './media.js';

export const PLAYLIST_TYPE = 'application/vnd.apple.mpegurl';

export interface PlaybackLimits {
  /** Longest span for /ranges. Default 31 days. */
  readonly rangesMs: number;
  /** Longest span for a playlist. Default 7 days. */
  readonly playlistMs: number;
  /** Longest clip. Default 1 hour. */
  readonly exportMs: number;
}

/** Audit hooks: one call per playlist request (not per file) and per export created. */
export interface PlaybackAudit {
  /** `live`: an EVENT playlist, which the player reloads as it grows. */
  played(
    req: Request,
    playback: { cameraId: string; fromMs: number; toMs: number; reason: string | null; live: boolean },
  ): void;
  exported(req: Request, job: ExportJob, reason: string | null): void;
}

export interface PlaybackRouterOptions {
  readonly lookup: RecordingLookup;
  readonly dataDir: string;
  /** Absent → the export routes answer 404. */
  readonly exports?: Pick<ExportService, 'create' | 'get' | 'dirOf'>;
  /** Login and role check of every request: throws a VigilError (401, 403) to refuse. */
  readonly authenticate?: (req: Request) => void;
  /** Org-scope check; false (unknown or out of scope, answered alike) → 403. Absent → everything allowed. */
  readonly authorize?: (req: Request, cameraId: string) => boolean | Promise<boolean>;
  readonly audit?: PlaybackAudit;
  /** A `reason` (query for playlists, body for exports) is required before playback or export. */
  readonly requireReason?: boolean;
  /** Who asks, for the export audit trail. */
  readonly userOf?: (req: Request) => string | null;
  /** The user's name, for the message of a refused export. */
  readonly usernameOf?: (req: Request) => string | null;
  readonly limits?: Partial<PlaybackLimits>;
  readonly gapMs?: number;
  readonly now?: () => number;
}

const DAY = 86_400_000;
const reasonSchema = z.string().trim().max(500).optional();
const DEFAULT_LIMITS: PlaybackLimits = { rangesMs: 31 * DAY, playlistMs: 7 * DAY, exportMs: 3_600_000 };

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
  const details = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  res.status(400).json({
    error: {
      code: 'VIGIL_VALIDATION',
      message: details.map((d) => `${d.path || 'request'}: ${d.message}`).join('; '),
      details,
    },
  });
}

const fail = (res: Response, status: number, code: string, message: string): void =>
  void res.status(status).json({ error: { code, message } });

const jobView = (job: ExportJob, base: string): ExportJobView => ({
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
  statusUrl: `${base}/exports/${job.id}`,
  downloadUrl: `${base}/exports/${job.id}/download`,
  manifestUrl: `${base}/exports/${job.id}/manifest`,
});

export function createPlaybackRouter(options: PlaybackRouterOptions): Router {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const catalog = new PlaybackCatalog({ lookup: options.lookup, gapMs: options.gapMs, now: options.now });
  const inits = new InitSizeCache();
  const ranges = spanSchema(limits.rangesMs);
  const playlist = spanSchema(limits.playlistMs);
  const clip = spanSchema(limits.exportMs);
  const router = Router();

  /** The caller's access to a camera; a malformed id is one more unknown camera. */
  const mayUse = async (req: Request, cameraId: string): Promise<boolean> => {
    options.authenticate?.(req);
    try {
      assertSafeCameraId(cameraId);
    } catch (error) {
      if (!isVigilError(error)) throw error;
      return false;
    }
    return options.authorize ? await options.authorize(req, cameraId) : true;
  };

  /** Resolves to false (after answering) when the camera is malformed, unknown or out of the caller's scope. */
  const allowed = async (req: Request, res: Response, cameraId: string): Promise<boolean> => {
    if (await mayUse(req, cameraId)) return true;
    return (fail(res, 403, 'VIGIL_FORBIDDEN', 'No camera with this id is in your scope'), false);
  };

  /** The reason given for a playback or export; undefined (after a 400) when one is required and missing. */
  const reasonOf = (res: Response, value: unknown): string | null | undefined => {
    const parsed = reasonSchema.safeParse(typeof value === 'string' ? value : undefined);
    const reason = parsed.success && parsed.data ? parsed.data : null;
    if (!parsed.success) return void badRequest(res, parsed.error);
    if (options.requireReason && !reason) {
      return void fail(
        res,
        400,
        'VIGIL_VALIDATION',
        'reason: give a reason (e.g. a case number) to play back or export',
      );
    }
    return reason;
  };

  // Exports of cameras outside the scope look exactly like exports that do not exist.
  const exportJob = async (req: Request, res: Response): Promise<ExportJob | undefined> => {
    const id = String(req.params.id);
    const job = options.exports && /^exp_[a-z0-9]+$/.test(id) ? await options.exports.get(id) : undefined;
    if (job && (await mayUse(req, job.cameraId))) return job;
    options.authenticate?.(req);
    return void fail(res, 404, 'VIGIL_NOT_FOUND', 'No such export');
  };

  router.get('/config', async (req, res) => {
    options.authenticate?.(req);
    const body: PlaybackConfigView = { requireReason: options.requireReason ?? false, limits };
    res.json(body);
  });

  // Export routes first: '/exports/...' must not be read as a camera called "exports".
  router.get('/exports/:id', async (req, res) => {
    const job = await exportJob(req, res);
    if (job) res.json(jobView(job, req.baseUrl));
  });

  router.get('/exports/:id/:what', async (req, res) => {
    const what = req.params.what;
    if (what !== 'download' && what !== 'manifest') return fail(res, 404, 'VIGIL_NOT_FOUND', 'Not found');
    const job = await exportJob(req, res);
    if (!job || !options.exports) return;
    if (job.state !== 'done') return fail(res, 409, 'VIGIL_CONFLICT', `The export is ${job.state}, not ready`);
    const dir = options.exports.dirOf(job.id);
    if (what === 'manifest') return void res.type('application/json').sendFile(join(dir, MANIFEST_NAME));
    res.attachment(job.fileName);
    res.sendFile(join(dir, job.fileName), { acceptRanges: true, headers: { 'Content-Type': MP4_TYPE } });
  });

  router.get('/:cameraId/ranges', async (req, res) => {
    const { cameraId } = req.params;
    if (!(await allowed(req, res, cameraId))) return;
    const parsed = ranges.safeParse(req.query);
    if (!parsed.success) return badRequest(res, parsed.error);
    const result = catalog.ranges(cameraId, parsed.data.from, parsed.data.to);
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
    };
    res.set('Cache-Control', 'no-cache').json(body);
  });

  router.get('/:cameraId/vod.m3u8', async (req, res) => {
    const { cameraId } = req.params;
    if (!(await allowed(req, res, cameraId))) return;
    const parsed = playlist.safeParse(req.query);
    if (!parsed.success) return badRequest(res, parsed.error);
    const reason = reasonOf(res, req.query.reason);
    if (reason === undefined) return;
    const list = catalog.playlist(cameraId, parsed.data.from, parsed.data.to);
    if (list.files === 0 && !list.live) return fail(res, 404, 'VIGIL_NOT_FOUND', 'Nothing is recorded in that range');
    options.audit?.played(req, { cameraId, fromMs: parsed.data.from, toMs: parsed.data.to, reason, live: list.live });
    res
      .status(200)
      .set({ 'Content-Type': PLAYLIST_TYPE, 'Cache-Control': list.live ? 'no-cache' : 'private, max-age=60' })
      .end(list.text);
  });

  router.get('/:cameraId/files/:file', async (req, res) => {
    const { cameraId, file } = req.params;
    const match = /^(\d{1,15})\.mp4$/.exec(file);
    if (!match || !(await allowed(req, res, cameraId)))
      return match ? undefined : fail(res, 404, 'VIGIL_NOT_FOUND', 'Not found');
    const row = options.lookup.byId(Number(match[1]));
    // The id must belong to the camera in the URL, or the scope check above would mean nothing.
    if (!row || row.cameraId !== cameraId) return fail(res, 404, 'VIGIL_NOT_FOUND', 'No such recording');
    await sendWholeFile(res, options.dataDir, row);
  });

  router.get('/:cameraId/files/:id/:part', async (req, res) => {
    const { cameraId, id, part } = req.params;
    const kind = part === 'init.mp4' ? 'init' : part === 'media.m4s' ? 'media' : undefined;
    if (!kind || !/^\d{1,15}$/.test(id)) return fail(res, 404, 'VIGIL_NOT_FOUND', 'Not found');
    if (!(await allowed(req, res, cameraId))) return;
    const row = options.lookup.byId(Number(id));
    if (!row || row.cameraId !== cameraId) return fail(res, 404, 'VIGIL_NOT_FOUND', 'No such recording');
    await sendSlice(res, options.dataDir, row, kind, inits);
  });

  router.post('/:cameraId/exports', express.json({ limit: '4kb' }), async (req, res) => {
    const { cameraId } = req.params;
    if (!options.exports) return fail(res, 404, 'VIGIL_NOT_FOUND', 'Exports are not enabled');
    if (!(await allowed(req, res, cameraId))) return;
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
    const view = jobView(job, req.baseUrl);
    res.status(202).location(view.statusUrl).json(view);
  });

  return router;
}
