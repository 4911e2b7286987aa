// Who may play back and export (inspectors and admins, inside their scope) and the audit events of both.
import type { Request } from 'express';
import type { DomainEvent } from '../events/index.js';
import { inScope, type CameraRecord, type Role } from '../org/index.js';
import type { PlaybackRouterOptions } from '../playback/index.js';
import { VigilError } from '../shared/errors.js';
import { requireCaller } from './auth.js';

/** Operators watch live only; recorded footage is for inspectors and admins. */
const PLAYBACK_ROLES: ReadonlySet<Role> = new Set(['inspector', 'admin']);

export interface PlaybackAccessDeps {
  cameras: { get(cameraId: string): CameraRecord | undefined };
  events: { publish(event: DomainEvent): void };
}

export type PlaybackAccess = Required<
  Pick<PlaybackRouterOptions, 'authenticate' | 'authorize' | 'audit' | 'userOf' | 'usernameOf'>
>;

/**
 * A range reaching now is an EVENT playlist that the player reloads about once a segment; reloads of the same
 * range by the same user within this window are one viewing, audited once.
 */
const REPEAT_WINDOW_MS = 10 * 60_000;
const MAX_REMEMBERED = 1000;

const span = (fromMs: number, toMs: number): string =>
  `${new Date(fromMs).toISOString()} – ${new Date(toMs).toISOString()}`;

export function playbackAccess(deps: PlaybackAccessDeps, now: () => number = Date.now): PlaybackAccess {
  const lastAudited = new Map<string, number>();
  /** True the first time a user asks for a live range (and a reason) within the window. */
  const firstViewing = (key: string): boolean => {
    const at = now();
    const seen = lastAudited.get(key);
    if (seen !== undefined && at - seen < REPEAT_WINDOW_MS) return false;
    if (lastAudited.size >= MAX_REMEMBERED) {
      for (const [old, when] of lastAudited) if (at - when >= REPEAT_WINDOW_MS) lastAudited.delete(old);
      if (lastAudited.size >= MAX_REMEMBERED) lastAudited.clear();
    }
    lastAudited.set(key, at);
    return true;
  };

  /** The actor and the camera's unit, as every audit event carries them. */
  const actor = (req: Request, cameraId: string) => {
    const caller = requireCaller(req);
    const camera = deps.cameras.get(cameraId);
    return {
      caller,
      name: camera?.name ?? cameraId,
      fields: {
        userId: caller.userId,
        cameraId,
        orgUnitId: camera?.orgUnitId ?? null,
        enterpriseId: camera?.enterpriseId ?? null,
        ip: req.ip ?? null,
      },
    };
  };

  return {
    authenticate: (req) => {
      const caller = requireCaller(req);
      if (!PLAYBACK_ROLES.has(caller.role)) {
        throw new VigilError('VIGIL_FORBIDDEN', 'Playback and export need the inspector or admin role');
      }
    },
    // Unknown and out-of-scope cameras get the same answer, so ids cannot be probed.
    authorize: (req, cameraId) => {
      const camera = req.caller ? deps.cameras.get(cameraId) : undefined;
      return Boolean(req.caller && camera && inScope(req.caller.scope, camera.orgUnitId));
    },
    userOf: (req) => req.caller?.userId ?? null,
    usernameOf: (req) => req.caller?.username ?? null,
    audit: {
      played: (req, { cameraId, fromMs, toMs, reason, live }) => {
        // A reload of a growing playlist is checked before anything is looked up.
        if (live && !firstViewing(JSON.stringify([requireCaller(req).userId, cameraId, fromMs, toMs, reason]))) return;
        const { caller, name, fields } = actor(req, cameraId);
        deps.events.publish({
          type: 'audit.playback',
          severity: 'info',
          message: `${caller.username} played back ${name} for ${span(fromMs, toMs)}${reason ? ` (reason: ${reason})` : ''}`,
          ...fields,
          data: {
            username: caller.username,
            from: new Date(fromMs).toISOString(),
            to: new Date(toMs).toISOString(),
            reason,
          },
        });
      },
      exported: (req, job, reason) => {
        const { caller, name, fields } = actor(req, job.cameraId);
        deps.events.publish({
          type: 'audit.export.created',
          severity: 'info',
          message: `${caller.username} exported ${name} for ${span(job.fromMs, job.toMs)}${reason ? ` (reason: ${reason})` : ''}`,
          ...fields,
          data: {
            username: caller.username,
            exportId: job.id,
            from: new Date(job.fromMs).toISOString(),
            to: new Date(job.toMs).toISOString(),
            reason,
          },
        });
      },
    },
  };
}
