// Camera administration: create, edit, disable and delete within the admin's scope, applied to the running fleet and audited.
import { CameraInput, CameraPatchInput } from '../contracts/index.js';
import type { EventBus } from '../events/index.js';
import {
  guardCamera,
  inScope,
  type CameraPatch,
  type CameraRecord,
  type CameraStore,
  type Caller,
  type OrgStore,
} from '../org/index.js';
import { VigilError } from '../shared/errors.js';
import type { AdminReach } from './reach.js';

/** What registration needs of the running cameras (the fleet): start or restart one, stop one. */
export interface FleetControl {
  open(camera: CameraRecord): Promise<void>;
  close(cameraId: string): Promise<void>;
}

export interface CameraAdminDeps {
  cameras: CameraStore;
  org: OrgStore;
  fleet: FleetControl;
  bus: EventBus;
  /** Admin reach: a saved URL is one ingest or a device read connects to, so its host is checked like theirs. */
  reach?: Pick<AdminReach, 'resolve'>;
}

/** Who acts, from where: the audit trail's user, unit and address. */
export interface Actor {
  caller: Caller;
  ip: string | null;
}

/** Only admins manage cameras; a branch admin only those of its own branch. */
export function requireAdmin(caller: Caller): void {
  if (caller.role !== 'admin')
    throw new VigilError('VIGIL_FORBIDDEN', 'Only administrators manage cameras', {
      details: { reason: 'admin_only' },
    });
}

/** The audit's word for a password the store dropped because a URL moved to another address. */
const CLEARED = 'password (cleared: new address)';

/** Fields whose change restarts the camera's ingest. */
const SOURCE_FIELDS = ['mainUrl', 'subUrl', 'username', 'password', 'rtspTransport', 'recordMode', 'enabled'] as const;

const SCHEMES = { mainUrl: ['rtsp:', 'rtsps:'], subUrl: ['rtsp:', 'rtsps:'], onvifUrl: ['http:', 'https:'] } as const;

function checkUrl(url: string | null | undefined, field: keyof typeof SCHEMES): void {
  if (!url) return;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new VigilError('VIGIL_VALIDATION', `${field} is not a URL`, { details: [{ path: field }] });
  }
  const schemes: readonly string[] = SCHEMES[field];
  if (!schemes.includes(parsed.protocol)) {
    const scheme = field === 'onvifUrl' ? 'an http://' : 'an rtsp://';
    throw new VigilError('VIGIL_VALIDATION', `${field} must be ${scheme} URL`, { details: [{ path: field }] });
  }
}

export class CameraAdmin {
  constructor(private readonly deps: CameraAdminDeps) {}

  /** The camera if it exists and is in the caller's scope; otherwise the same 404 for both. */
  get(caller: Caller, id: string): CameraRecord {
    requireAdmin(caller);
    const reach = guardCamera(caller, this.deps.cameras.get(id), 'see');
    if (!reach.ok) throw new VigilError('VIGIL_NOT_FOUND', 'No such camera');
    return reach.camera;
  }

  list(caller: Caller): CameraRecord[] {
    requireAdmin(caller);
    return this.deps.cameras.list().filter((camera) => guardCamera(caller, camera, 'see').ok);
  }

  /** Validates without saving (the CSV import checks every row before it registers any). */
  validate(caller: Caller, raw: unknown): ReturnType<typeof CameraInput.parse> {
    requireAdmin(caller);
    const input = CameraInput.parse(raw);
    this.enterpriseInScope(caller, input.enterpriseId);
    if (input.sourceKind === 'rtsp' && !input.mainUrl) {
      throw new VigilError('VIGIL_VALIDATION', 'An RTSP camera needs its main stream URL', {
        details: [{ path: 'mainUrl' }],
      });
    }
    if (input.sourceKind === 'rtsp') {
      checkUrl(input.mainUrl, 'mainUrl');
      checkUrl(input.subUrl, 'subUrl');
    }
    checkUrl(input.onvifUrl, 'onvifUrl');
    return input;
  }

  async create(actor: Actor, raw: unknown): Promise<CameraRecord> {
    const input = this.validate(actor.caller, raw);
    const push = input.sourceKind === 'rtmp';
    await this.checkReach(push ? [input.onvifUrl] : [input.mainUrl, input.subUrl, input.onvifUrl]);
    const camera = this.deps.cameras.create({
      ...input,
      mainUrl: push ? null : (input.mainUrl ?? null),
      subUrl: push ? null : (input.subUrl ?? null),
    });
    await this.deps.fleet.open(camera);
    this.audit(actor, 'created', camera, Object.keys(input));
    return camera;
  }

  async update(actor: Actor, id: string, raw: unknown): Promise<CameraRecord> {
    const current = this.get(actor.caller, id);
    const patch = CameraPatchInput.parse(raw);
    if (patch.enterpriseId !== undefined) this.enterpriseInScope(actor.caller, patch.enterpriseId);
    if (current.sourceKind === 'rtmp' && (patch.mainUrl || patch.subUrl)) {
      throw new VigilError('VIGIL_VALIDATION', 'A push camera has no stream URL; the device pushes to the hub');
    }
    if (current.sourceKind === 'rtsp' && patch.mainUrl === null) {
      throw new VigilError('VIGIL_VALIDATION', 'An RTSP camera needs its main stream URL');
    }
    checkUrl(patch.mainUrl, 'mainUrl');
    checkUrl(patch.subUrl, 'subUrl');
    checkUrl(patch.onvifUrl, 'onvifUrl');
    await this.checkReach([patch.mainUrl, patch.subUrl, patch.onvifUrl]);
    const camera = this.deps.cameras.update(id, patch as CameraPatch);
    const changed = Object.keys(patch);
    // The store drops the password when a URL moves to another address without it: the audit says so.
    const cleared = current.hasPassword && !camera.hasPassword && patch.password === undefined;
    if (cleared) changed.push(CLEARED);
    // Only a change of what ingest reads restarts the camera; a rename does not interrupt its viewers.
    if (cleared || changed.some((field) => (SOURCE_FIELDS as readonly string[]).includes(field))) {
      await this.deps.fleet.open(camera);
    }
    this.audit(actor, 'updated', camera, changed);
    return camera;
  }

  /** Stops and removes the camera; recordings and events stay until retention removes them. */
  async remove(actor: Actor, id: string): Promise<void> {
    const camera = this.get(actor.caller, id);
    await this.deps.fleet.close(id);
    this.deps.cameras.remove(id);
    this.audit(actor, 'deleted', camera, []);
  }

  regeneratePushKey(actor: Actor, id: string): string {
    const camera = this.get(actor.caller, id);
    if (camera.sourceKind !== 'rtmp') throw new VigilError('VIGIL_VALIDATION', 'This camera does not push');
    const key = this.deps.cameras.regeneratePushKey(id);
    this.audit(actor, 'updated', camera, ['pushKey']);
    return key;
  }

  /** Refuses a URL whose host admin reach refuses (the URLs are valid: checkUrl ran). */
  private async checkReach(urls: ReadonlyArray<string | null | undefined>): Promise<void> {
    const reach = this.deps.reach;
    if (!reach) return;
    for (const url of urls) if (url) await reach.resolve(new URL(url).hostname);
  }

  private enterpriseInScope(caller: Caller, enterpriseId: string): void {
    const enterprise = this.deps.org.getEnterprise(enterpriseId);
    if (!enterprise || !inScope(caller.scope, enterprise.orgUnitId)) {
      throw new VigilError('VIGIL_NOT_FOUND', 'No such enterprise', { details: [{ path: 'enterpriseId' }] });
    }
  }

  /** Never the password or stream key: only the names of the fields that changed. */
  private audit(actor: Actor, action: 'created' | 'updated' | 'deleted', camera: CameraRecord, fields: string[]): void {
    const { caller, ip } = actor;
    const words = { created: 'added', updated: 'changed', deleted: 'deleted' } as const;
    this.deps.bus.publish({
      type: `audit.admin.camera.${action}`,
      severity: 'info',
      message: `${caller.username} ${words[action]} camera ${camera.name}`,
      userId: caller.userId,
      orgUnitId: camera.orgUnitId,
      enterpriseId: camera.enterpriseId,
      cameraId: camera.id,
      ip,
      data: {
        username: caller.username,
        cameraId: camera.id,
        cameraName: camera.name,
        fields: fields.map((field) => (field === 'password' ? 'password (changed)' : field)),
      },
    });
  }
}
