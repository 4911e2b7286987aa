// The one door guard: whether a caller may reach a camera (or anything a unit owns), and for what use.
import type { Role } from '../contracts/index.js';
import { VigilError } from '../shared/errors.js';
import { inScope, type Scope } from './scope.js';

/**
 * What a door does with a camera: `see` it listed, its status, events and snapshots; `live` watch it;
 * `recorded` read its recorded footage (ranges, VOD, files, exports).
 */
export type CameraUse = 'see' | 'live' | 'recorded';

/**
 * Why a door refuses: no valid session; a role that may not use cameras that way; an enterprise account whose
 * recordings the agency has not opened to it; unknown or out of scope.
 */
export type Refusal = 'unauthenticated' | 'role' | 'not_allowed' | 'hidden';

/** Who asks: a logged-in caller, or the audience of one scope (a socket.io room). */
export interface Principal {
  scope: Scope;
  role?: Role;
}

/**
 * Roles allowed per use; a use absent here is open to every role. Operators watch live only; an enterprise account
 * reads recordings only where the agency allows it for that enterprise (its scope says so).
 */
const USE_ROLES: Partial<Record<CameraUse, ReadonlySet<Role>>> = {
  recorded: new Set<Role>(['inspector', 'admin', 'enterprise']),
};

function roleRefusal(who: Principal, use: CameraUse): Refusal | undefined {
  const roles = USE_ROLES[use];
  if (!roles) return undefined;
  if (!who.role || !roles.has(who.role)) return 'role';
  if (who.role === 'enterprise' && !(who.scope.kind === 'enterprise' && who.scope.recordings)) return 'not_allowed';
  return undefined;
}

/**
 * A camera, or anything else a unit owns (an event, an enterprise, a notice); `orgUnitId` null: owned by no unit
 * (center only). `enterpriseId`: the enterprise it belongs to, if any (an enterprise account sees only those).
 */
export interface Owned {
  orgUnitId: string | null;
  enterpriseId?: string | null | undefined;
}

export type CameraReach<T> = { ok: true; camera: T } | { ok: false; refusal: Refusal };

/**
 * Every door asks here. `camera` is the camera (or unit-owned thing) asked for, undefined when there is none with
 * that id, or null when the door names no camera (a settings page of the use): then only login and role count.
 * The checks run in this order so that an unknown id never answers differently from one out of scope.
 */
export function guardCamera<T extends Owned>(
  who: Principal | undefined,
  camera: T | undefined,
  use: CameraUse,
): CameraReach<T>;
export function guardCamera(who: Principal | undefined, camera: null, use: CameraUse): CameraReach<null>;
export function guardCamera<T extends Owned>(
  who: Principal | undefined,
  camera: T | undefined | null,
  use: CameraUse,
): CameraReach<T | null>;
export function guardCamera<T extends Owned>(
  who: Principal | undefined,
  camera: T | undefined | null,
  use: CameraUse,
): CameraReach<T | null> {
  if (!who) return { ok: false, refusal: 'unauthenticated' };
  const refusal = roleRefusal(who, use);
  if (refusal) return { ok: false, refusal };
  if (camera === null) return { ok: true, camera: null };
  if (!camera || !inScope(who.scope, camera.orgUnitId, camera.enterpriseId)) return { ok: false, refusal: 'hidden' };
  return { ok: true, camera };
}

/**
 * What a kind of door says of an unknown or out-of-scope id: REST resources and exports `404` (as if it did not
 * exist), media URLs (live and recorded) `403`, the answer players and proxies treat as final.
 */
export type DoorKind = 'resource' | 'media' | 'export';

const HIDDEN: Record<DoorKind, () => VigilError> = {
  resource: () => new VigilError('VIGIL_NOT_FOUND', 'No such camera'),
  media: () =>
    new VigilError('VIGIL_FORBIDDEN', 'No camera with this id is in your scope', {
      details: { reason: 'not_in_scope' },
    }),
  export: () => new VigilError('VIGIL_NOT_FOUND', 'No such export'),
};

/** The domain error a door answers a refusal with (the HTTP edge turns its code into the status). */
export function refusalError(refusal: Refusal, door: DoorKind): VigilError {
  if (refusal === 'unauthenticated') return new VigilError('VIGIL_UNAUTHENTICATED', 'Login required');
  if (refusal === 'role')
    return new VigilError('VIGIL_FORBIDDEN', 'Playback and export need the inspector or admin role', {
      details: { reason: 'playback_role' },
    });
  if (refusal === 'not_allowed')
    return new VigilError('VIGIL_FORBIDDEN', 'The agency has not opened recorded footage to your enterprise', {
      details: { reason: 'recordings_not_allowed' },
    });
  return HIDDEN[door]();
}
