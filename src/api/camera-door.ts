// The one guard at the API's doors: the camera (or other owned thing) the caller may use, or the door's refusal thrown.
import type { Request } from 'express';
import type { Role } from '../contracts/index.js';
import {
  guardCamera,
  refusalError,
  type CameraRecord,
  type CameraUse,
  type DoorKind,
  type Owned,
} from '../org/index.js';
import { VigilError } from '../shared/errors.js';

export interface CameraLookup {
  get(cameraId: string): CameraRecord | undefined;
}

/** The camera, when the caller may use it this way; else throws what this kind of door answers (401, 403, 404). */
export function cameraFor(
  req: Request,
  cameras: CameraLookup,
  cameraId: string,
  use: CameraUse,
  door: DoorKind,
): CameraRecord {
  const reach = guardCamera(req.caller, cameras.get(cameraId), use);
  if (!reach.ok) throw refusalError(reach.refusal, door);
  return reach.camera;
}

/** The cameras of a list the caller may use this way (never throws: an anonymous caller sees none). */
export function visibleTo<T extends CameraRecord>(req: Request, cameras: readonly T[], use: CameraUse): T[] {
  return cameras.filter((camera) => guardCamera(req.caller, camera, use).ok);
}

/**
 * Anything else a unit or an enterprise owns (an enterprise, a notice, a case, a patrol record): the thing when it is
 * in the caller's scope; else the same `404` as an unknown id, so ids of others cannot be probed.
 */
export function ownedFor<T extends Owned>(req: Request, thing: T | undefined, what: string): T {
  const reach = guardCamera(req.caller, thing, 'see');
  if (reach.ok) return reach.camera;
  if (reach.refusal === 'unauthenticated') throw refusalError(reach.refusal, 'resource');
  throw new VigilError('VIGIL_NOT_FOUND', `No such ${what}`);
}

/** The caller's role must be one of `roles` (after it was found in scope): else `403` with the reason `role`. */
export function requireRole(req: Request, roles: readonly Role[], action: string): void {
  if (!req.caller || !roles.includes(req.caller.role)) {
    throw new VigilError('VIGIL_FORBIDDEN', `Your role may not ${action}`, {
      details: { reason: 'role_may_not', action },
    });
  }
}
