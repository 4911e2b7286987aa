// Live media at the HTTP edge: the camera guard for the live use, the viewing audit, and who asks for a transcode.
import type { Request, Router } from 'express';
import { createLiveRouter, type LivePackager, type LiveViewAudit, type NotReady } from '../live/index.js';
import { cameraFor, type CameraLookup } from './camera-door.js';

/** The live streams of the running cameras (the fleet). */
export interface LiveStreams {
  /** `viewer`: who asks, named in a transcode's events. */
  packager(
    cameraId: string,
    stream: string,
    viewer?: { userId: string; username: string; ip: string | null },
  ): LivePackager | undefined;
  liveStatus(cameraId: string, stream: string): object | undefined;
  /** Why a stream has nothing to play yet: the body of its playlist's 503. */
  notReady(cameraId: string, stream: string): NotReady;
}

export interface LiveAccessDeps {
  cameras: CameraLookup;
  audit: Pick<LiveViewAudit, 'touch'>;
  streams: LiveStreams;
}

/** The /live router: every request passes the camera guard; a transcode is started for its caller. */
export function liveDoor({ cameras, audit, streams }: LiveAccessDeps): Router {
  return createLiveRouter({
    // Throws 401 without a session; unknown and out-of-scope cameras both get 403, so ids cannot be probed.
    authorize: (req, cameraId) => Boolean(cameraFor(req, cameras, cameraId, 'live', 'media')),
    onRequest: (req, cameraId, stream) => {
      const { caller } = req;
      if (caller)
        audit.touch({ userId: caller.userId, username: caller.username, cameraId, stream, ip: req.ip ?? null });
    },
    lookup: (cameraId, stream, req) => streams.packager(cameraId, stream, viewerOf(req)),
    status: (cameraId, stream) => streams.liveStatus(cameraId, stream),
    notReady: (cameraId, stream) => streams.notReady(cameraId, stream),
  });
}

function viewerOf(req: Request): { userId: string; username: string; ip: string | null } | undefined {
  const { caller } = req;
  return caller ? { userId: caller.userId, username: caller.username, ip: req.ip ?? null } : undefined;
}
