// Camera administration routes (admins only, within their scope): CRUD, stream test, CSV import, push settings.
import { Router, type Request } from 'express';
import type { AdminCamera, AdminCameraList, PushSettings, StreamTestResult } from '../../contracts/index.js';
import { CsvImportInput, StreamTestInput } from '../../contracts/index.js';
import type { StreamProbeOptions, StreamProbeResult } from '../../ffmpeg/index.js';
import type { CameraRecord, CameraStore, OrgStore } from '../../org/index.js';
import {
  importCamerasCsv,
  pinnedUrl,
  requireAdmin,
  type Actor,
  type AdminReach,
  type CameraAdmin,
} from '../../registration/index.js';
import { VigilError } from '../../shared/errors.js';
import { redactUrl, splitCredentials, withCredentials } from '../../shared/redact.js';
import { requireCaller } from '../auth.js';
import { toCameraSummary, type CameraRuntime } from '../camera-view.js';

/** What the push settings show: the gateway's address and whether a device pushes now. */
/** A stream URL split into its credentials, the URL without them and its host; a clear 400 when it is none. */
function rtspParts(url: string): ReturnType<typeof splitCredentials> & { host: string } {
  if (!/^rtsps?:\/\//i.test(url) || !URL.canParse(url)) {
    throw new VigilError('VIGIL_VALIDATION', 'The stream URL must be an rtsp:// URL (rtsp://host[:port]/path)');
  }
  return { ...splitCredentials(url), host: new URL(url).host };
}

export interface PushInfo {
  port(): number;
  /** rtmp://host[:port] from the config; else the host the admin reached the console at. */
  publicUrl: string | undefined;
  isPushing(cameraId: string): boolean;
  disconnect(cameraId: string): void;
}

export interface AdminCameraRoutesDeps {
  admin: CameraAdmin;
  org: OrgStore;
  cameras: CameraStore;
  runtime: CameraRuntime;
  probe: (options: Omit<StreamProbeOptions, 'binary'>) => Promise<StreamProbeResult>;
  push: PushInfo | undefined;
  /** Admin reach: the stream test connects only where camera administration may. */
  reach: AdminReach;
}

export const actorOf = (req: Request): Actor => ({ caller: requireCaller(req), ip: req.ip ?? null });

export function toAdminCamera(camera: CameraRecord, runtime: CameraRuntime): AdminCamera {
  return {
    ...toCameraSummary(camera, runtime),
    subUrl: camera.subUrl ? redactUrl(camera.subUrl) : null,
    username: camera.username,
    hasPassword: camera.hasPassword,
    rtspTransport: camera.rtspTransport,
    retentionDays: camera.retentionDays,
    onvifUrl: camera.onvifUrl ? redactUrl(camera.onvifUrl) : null,
  };
}

export function adminCameraRoutes(deps: AdminCameraRoutesDeps): Router {
  const { admin, runtime } = deps;
  const router = Router();
  const view = (camera: CameraRecord): AdminCamera => toAdminCamera(camera, runtime);

  router.get('/admin/cameras', (req, res) => {
    const body: AdminCameraList = { cameras: admin.list(requireCaller(req)).map(view) };
    res.json(body);
  });

  router.post('/admin/cameras', async (req, res) => {
    res.status(201).json(view(await admin.create(actorOf(req), req.body)));
  });

  router.post('/admin/cameras/test-stream', async (req, res) => {
    const caller = requireCaller(req);
    requireAdmin(caller);
    const input = StreamTestInput.parse(req.body);
    // Editing a stored camera: its stored URL and credentials, unless the form gives new ones. The stored
    // credentials go only to the stored camera's own host, never to another address typed into the form.
    const stored = input.cameraId ? admin.get(caller, input.cameraId) : undefined;
    const storedUrl = stored ? deps.cameras.sourceUrl(stored.id, input.stream) : undefined;
    const url = input.url ?? storedUrl;
    if (!url) throw new VigilError('VIGIL_VALIDATION', 'Give the stream URL to test');
    const embedded = rtspParts(url);
    const sameHost = storedUrl !== undefined && rtspParts(storedUrl).host === embedded.host;
    const fallback =
      sameHost && stored ? { username: stored.username, password: deps.cameras.secretsOf(stored.id)[0] } : {};
    const username = input.username ?? embedded.username ?? fallback.username ?? undefined;
    const password = input.password ?? embedded.password ?? fallback.password;
    // Checked before the probe, and probed at the address checked: a name cannot point elsewhere in between.
    const address = await deps.reach.resolve(new URL(embedded.url).hostname);
    const probeUrl = withCredentials(pinnedUrl(embedded.url, address), username, password);
    const secrets = password ? [password] : [];
    const result: StreamTestResult = await deps.probe({ url: probeUrl, transport: input.rtspTransport, secrets });
    res.json(result);
  });

  router.post('/admin/cameras/import', async (req, res) => {
    const actor = actorOf(req);
    requireAdmin(actor.caller);
    const { csv } = CsvImportInput.parse(req.body);
    res.json(await importCamerasCsv({ admin, org: deps.org }, actor, csv));
  });

  router.get('/admin/cameras/:id', (req, res) => {
    res.json(view(admin.get(requireCaller(req), req.params.id)));
  });

  router.patch('/admin/cameras/:id', async (req, res) => {
    const camera = await admin.update(actorOf(req), req.params.id, req.body);
    // A disabled push camera stops taking the push it has now.
    if (!camera.enabled && camera.sourceKind === 'rtmp') deps.push?.disconnect(camera.id);
    res.json(view(camera));
  });

  router.delete('/admin/cameras/:id', async (req, res) => {
    const actor = actorOf(req);
    const camera = admin.get(actor.caller, req.params.id);
    await admin.remove(actor, camera.id);
    if (camera.sourceKind === 'rtmp') deps.push?.disconnect(camera.id);
    res.status(204).end();
  });

  const pushSettings = (req: Request, camera: CameraRecord, key: string): PushSettings => {
    if (!deps.push) throw new VigilError('VIGIL_UNAVAILABLE', 'The RTMP push gateway is turned off (push.enabled)');
    const serverUrl = `${deps.push.publicUrl ?? `rtmp://${req.hostname}:${deps.push.port()}`}/live`;
    const streamName = `${camera.id}?key=${key}`;
    return {
      cameraId: camera.id,
      serverUrl,
      streamName,
      fullUrl: `${serverUrl}/${streamName}`,
      key,
      pushing: deps.push.isPushing(camera.id),
      enabled: camera.enabled,
    };
  };

  const pushCamera = (req: Request): CameraRecord => {
    const camera = admin.get(requireCaller(req), String(req.params.id));
    if (camera.sourceKind !== 'rtmp') throw new VigilError('VIGIL_VALIDATION', 'This camera does not push');
    return camera;
  };

  router.get('/admin/cameras/:id/push', (req, res) => {
    const camera = pushCamera(req);
    res.json(pushSettings(req, camera, deps.cameras.pushKey(camera.id) ?? ''));
  });

  router.post('/admin/cameras/:id/push/regenerate', (req, res) => {
    const camera = pushCamera(req);
    const key = admin.regeneratePushKey(actorOf(req), camera.id);
    // A key is renewed because it leaked: whoever pushes with the old one is cut off now.
    deps.push?.disconnect(camera.id);
    res.json(pushSettings(req, camera, key));
  });

  return router;
}
