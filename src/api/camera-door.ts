// The one camera guard at the API's doors: the camera the caller may use, or the door's refusal thrown.
import type { Request } from 'express';
import { guardCamera, refusalError, type CameraRecord, type CameraUse, type DoorKind } from '../org/index.js';

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
