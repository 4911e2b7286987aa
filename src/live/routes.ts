// HTTP edge of live/: LL-HLS playlist (with blocking reload), init, segments and parts per camera stream.
import { Router, type Request, type Response } from 'express';
import type { LlHlsPackager } from './packager.js';

/** The packager calls the routes make; tests and the hub can pass anything with these. */
export type LivePackager = Pick<
  LlHlsPackager,
  'playlist' | 'waitFor' | 'waitForPart' | 'waitForSegment' | 'init' | 'segment' | 'part'
>;

export interface LiveRouterOptions {
  /**
   * The packager of one camera stream (e.g. `main`, `sub`, `h264`), created on demand by the caller if it likes,
   * for the request's caller; it may throw a domain error (a 503 refusal with its reason).
   */
  readonly lookup: (
    cameraId: string,
    stream: string,
    req: Request,
  ) => LivePackager | undefined | Promise<LivePackager | undefined>;
  /** `status.json` of a stream: what it is now (a transcode's size, rate and CPU), without starting anything. */
  readonly status?: (cameraId: string, stream: string) => object | undefined;
  /**
   * The camera guard: false → 403; it may also throw a domain error (401 without a session). Absent → everything
   * allowed (the caller mounts auth in front).
   */
  readonly authorize?: (req: Request, cameraId: string) => boolean | Promise<boolean>;
  /**
   * Told of every authorised request of a stream, playlist or media (init, segment, part): the viewing audit. A
   * client that fetches media without the playlist is watching too.
   */
  readonly onRequest?: (req: Request, cameraId: string, stream: string) => void;
  /** Why a stream has nothing to play yet (starting, queued, offline): the body of the 503 a playlist gets. */
  readonly notReady?: (cameraId: string, stream: string) => NotReady;
}

/** What a user is told when a playlist cannot be served yet; `details.reason` is a stable code for the console. */
export interface NotReady {
  readonly message: string;
  readonly details: { readonly reason: string } & Record<string, unknown>;
}

export const PLAYLIST_TYPE = 'application/vnd.apple.mpegurl';
export const MEDIA_TYPE = 'video/mp4';
// Media is scoped per user: shared caches must not keep it.
const MEDIA_CACHE = 'private, max-age=30';
/**
 * The first playlist of a camera started on demand waits for its first whole segment and the part after it
 * (connect, DESCRIBE, the first keyframe) instead
 * of answering 503 at once: a player retrying after an error would add its own back-off to the first frame.
 */
const FIRST_PLAYLIST_WAIT_MS = 10_000;

const FILE =
  /^(?:(index\.m3u8)|init(?:-(\d{1,9}))?\.mp4|seg-(\d{1,12})\.m4s|part-(\d{1,12})-(\d{1,6})\.m4s|(status\.json))$/;

export function createLiveRouter(options: LiveRouterOptions): Router {
  const router = Router();
  router.get('/:cameraId/:stream/:file', async (req, res) => {
    const { cameraId, stream, file } = req.params;
    const match = FILE.exec(file);
    if (!match) return void res.status(404).end();
    if (options.authorize && !(await options.authorize(req, cameraId))) return void res.status(403).end();
    const [, playlist, initVersion, segMsn, partMsn, partIndex, status] = match;
    if (status) return sendStatus(res, options.status?.(cameraId, stream));
    const packager = await options.lookup(cameraId, stream, req);
    if (!packager) return void res.status(404).end();

    options.onRequest?.(req, cameraId, stream);
    if (playlist) return servePlaylist(req, res, packager, () => options.notReady?.(cameraId, stream));
    if (segMsn !== undefined) {
      const msn = Number(segMsn);
      return sendMedia(res, packager.segment(msn) ?? (await packager.waitForSegment(msn)));
    }
    if (partMsn !== undefined && partIndex !== undefined) {
      const [msn, index] = [Number(partMsn), Number(partIndex)];
      return sendMedia(res, packager.part(msn, index) ?? (await packager.waitForPart(msn, index)));
    }
    // Plain init.mp4 is version 0 while segments use it, else the latest (a client that never read the playlist).
    return sendMedia(
      res,
      initVersion === undefined ? (packager.init(0) ?? packager.init()) : packager.init(Number(initVersion)),
    );
  });
  return router;
}

async function servePlaylist(
  req: Request,
  res: Response,
  packager: LivePackager,
  notReady: () => NotReady | undefined,
): Promise<void> {
  const msn = queryInt(req, '_HLS_msn');
  const part = queryInt(req, '_HLS_part');
  if (msn === null || part === null || (part !== undefined && msn === undefined)) {
    return void res.status(400).type('text/plain').send('invalid _HLS_msn/_HLS_part');
  }
  // Blocking reload, or (first request before any data) a short wait for the first part.
  const result = await (msn !== undefined
    ? packager.waitFor(msn, part)
    : packager.playlist()
      ? 'ready'
      : packager.waitFor(1, 0, FIRST_PLAYLIST_WAIT_MS));
  if (result === 'too-far') return void res.status(400).type('text/plain').send('_HLS_msn/_HLS_part too far ahead');
  const text = packager.playlist();
  if (result === 'timeout' || text === undefined) {
    const why = notReady() ?? { message: 'The stream has no data yet', details: { reason: 'no_data' } };
    res.status(503).set({ 'Retry-After': '1', 'Cache-Control': 'no-cache' });
    return void res.json({ error: { code: 'VIGIL_UNAVAILABLE', ...why } });
  }
  res.status(200).set({ 'Content-Type': PLAYLIST_TYPE, 'Cache-Control': 'no-cache' }).end(text);
}

/** Sends bytes without express's ETag (a SHA-1 of every segment would cost more than serving it). */
function sendMedia(res: Response, body: Buffer | undefined): void {
  if (!body) return void res.status(404).set('Cache-Control', 'no-cache').end();
  res
    .status(200)
    .set({ 'Content-Type': MEDIA_TYPE, 'Cache-Control': MEDIA_CACHE, 'Content-Length': String(body.length) })
    .end(body);
}

/** A stream's facts as JSON, never cached (they change every second); 404 when the stream is not running. */
function sendStatus(res: Response, status: object | undefined): void {
  res.set('Cache-Control', 'no-cache');
  if (!status) return void res.status(404).end();
  res.status(200).json(status);
}

/** undefined when absent, null when present but not a non-negative integer. */
function queryInt(req: Request, name: string): number | undefined | null {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d{1,12}$/.test(value)) return null;
  return Number(value);
}
