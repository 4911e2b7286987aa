// Live media at the HTTP edge: the camera guard for the live use, and the viewing audit told of every request.
import type { LiveRouterOptions, LiveViewAudit } from '../live/index.js';
import { cameraFor, type CameraLookup } from './camera-door.js';

export interface LiveAccessDeps {
  cameras: CameraLookup;
  audit: Pick<LiveViewAudit, 'touch'>;
}

export type LiveAccess = Required<Pick<LiveRouterOptions, 'authorize' | 'onRequest'>>;

export function liveAccess({ cameras, audit }: LiveAccessDeps): LiveAccess {
  return {
    // Throws 401 without a session; unknown and out-of-scope cameras both get 403, so ids cannot be probed.
    authorize: (req, cameraId) => Boolean(cameraFor(req, cameras, cameraId, 'live', 'media')),
    onRequest: (req, cameraId, stream) => {
      const { caller } = req;
      if (caller)
        audit.touch({ userId: caller.userId, username: caller.username, cameraId, stream, ip: req.ip ?? null });
    },
  };
}
