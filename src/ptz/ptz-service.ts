// PTZ for the API: who may steer or keep presets, the steering lock around every move, and the audit of both.
import type { PtzMoveInput, PtzPreset, PtzSteerer, PtzView } from '../contracts/index.js';
import type { AuditEvent } from '../events/index.js';
import type { OnvifPtzClient } from '../onvif/index.js';
import type { CameraRecord } from '../org/index.js';
import { VigilError } from '../shared/errors.js';
import type { Service } from '../shared/service.js';
import { unavailable, type PtzDevices } from './devices.js';
import { SteeringLock, type Steerer, type SteeringEnd, type SteeringSession } from './steering.js';

/** The roles that may steer: an allow-list, so a role added later (enterprise accounts) is refused until named here. */
const STEERING_ROLES: readonly string[] = ['admin', 'operator', 'inspector'];
const PRESET_ROLES: readonly string[] = ['admin'];

/** The caller, as the API knows it. */
export interface PtzCaller extends Steerer {
  role: string;
  ip?: string | null;
}

export interface PtzServiceOptions {
  devices: PtzDevices;
  publish: (event: AuditEvent) => void;
  /** Steering started, renewed or ended on a camera (for its viewers). */
  onSteering: (cameraId: string, steering: PtzSteerer | null) => void;
  idleMs?: number;
  now?: () => number;
}

export class PtzService implements Service {
  readonly name = 'ptz';
  private readonly lock: SteeringLock;
  /** Camera records of open sessions, for stopping a camera whose steerer went away. */
  private readonly steered = new Map<string, CameraRecord>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: PtzServiceOptions) {
    this.lock = new SteeringLock({
      onChange: options.onSteering,
      onEnd: (session, why, endedAt) => this.ended(session, why, endedAt),
      ...(options.idleMs !== undefined ? { idleMs: options.idleMs } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
  }

  start(): void {
    this.timer = setInterval(() => this.lock.sweep(), 1000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.lock.endAll();
  }

  async view(caller: PtzCaller, camera: CameraRecord): Promise<PtzView> {
    const client = await this.options.devices.of(camera);
    if (!client) return { available: false };
    const [presets, status] = await Promise.all([
      this.options.devices.run(camera, (ptz) => ptz.getPresets()),
      // A device without GetStatus still steers: the position is then unknown.
      client.getStatus().catch(() => undefined),
    ]);
    return {
      available: true,
      presets: presets.map((p): PtzPreset => ({ token: p.token, name: p.name, position: p.position ?? null })),
      position: status?.position ?? null,
      steering: this.lock.current(camera.id),
      canSteer: STEERING_ROLES.includes(caller.role),
      canEditPresets: PRESET_ROLES.includes(caller.role),
    };
  }

  async move(caller: PtzCaller, camera: CameraRecord, input: PtzMoveInput): Promise<PtzSteerer> {
    const steering = await this.steer(caller, camera, { move: true });
    const velocity = { pan: input.pan, tilt: input.tilt, zoom: input.zoom };
    await this.options.devices.run(camera, (ptz) => ptz.continuousMove(velocity, input.timeoutMs));
    return steering;
  }

  async stopMove(caller: PtzCaller, camera: CameraRecord): Promise<void> {
    await this.steer(caller, camera);
    await this.options.devices.run(camera, (ptz) => ptz.stop());
  }

  async gotoPreset(caller: PtzCaller, camera: CameraRecord, token: string): Promise<void> {
    const preset = (await this.presets(camera)).find((p) => p.token === token);
    if (!preset) throw new VigilError('VIGIL_NOT_FOUND', 'No such preset on this camera');
    await this.steer(caller, camera, { preset: preset.name });
    await this.options.devices.run(camera, (ptz) => ptz.gotoPreset(token));
  }

  /** Saves the current position as a preset (admins; the saving admin steers the camera meanwhile). */
  async setPreset(caller: PtzCaller, camera: CameraRecord, name: string): Promise<{ token: string; name: string }> {
    this.mayEditPresets(caller);
    await this.steer(caller, camera);
    const token = await this.options.devices.run(camera, (ptz) => ptz.setPreset(name));
    this.audit('audit.ptz.preset.set', caller, camera, `${caller.username} saved preset "${name}" on ${camera.name}`, {
      token,
      name,
    });
    return { token, name };
  }

  async removePreset(caller: PtzCaller, camera: CameraRecord, token: string): Promise<void> {
    this.mayEditPresets(caller);
    const preset = (await this.presets(camera)).find((p) => p.token === token);
    if (!preset) throw new VigilError('VIGIL_NOT_FOUND', 'No such preset on this camera');
    await this.options.devices.run(camera, (ptz) => ptz.removePreset(token));
    const message = `${caller.username} removed preset "${preset.name}" from ${camera.name}`;
    this.audit('audit.ptz.preset.removed', caller, camera, message, { token, name: preset.name });
  }

  /** Ends the caller's steering session at once (others may steer); stops the camera. */
  async release(caller: PtzCaller, camera: CameraRecord): Promise<void> {
    if (this.lock.release(camera.id, caller.userId)) await this.stopQuietly(camera);
  }

  private presets(camera: CameraRecord) {
    return this.options.devices.run(camera, (ptz: OnvifPtzClient) => ptz.getPresets());
  }

  private async steer(caller: PtzCaller, camera: CameraRecord, action: { move?: boolean; preset?: string } = {}) {
    if (!STEERING_ROLES.includes(caller.role)) {
      throw new VigilError('VIGIL_FORBIDDEN', 'Your role may not steer cameras', { details: { reason: 'ptz_role' } });
    }
    // The device first: a camera without PTZ is no one's to steer.
    if (!(await this.options.devices.of(camera))) throw unavailable();
    const steering = this.lock.claim(camera.id, caller, action);
    this.steered.set(camera.id, camera);
    return steering;
  }

  private mayEditPresets(caller: PtzCaller): void {
    if (!PRESET_ROLES.includes(caller.role)) {
      throw new VigilError('VIGIL_FORBIDDEN', 'Only administrators set or remove presets', {
        details: { reason: 'admin_only' },
      });
    }
  }

  private ended(session: SteeringSession, why: SteeringEnd, endedAt: number): void {
    const camera = this.steered.get(session.cameraId);
    this.steered.delete(session.cameraId);
    // A steerer who went away (a lost release, a closed tab) must not leave the camera turning.
    if (why === 'idle' && camera) void this.stopQuietly(camera);
    const seconds = Math.round((endedAt - session.startedAt) / 1000);
    const name = camera?.name ?? session.cameraId;
    this.options.publish({
      type: 'audit.ptz.steered',
      severity: 'info',
      message: `${session.user.username} steered ${name} for ${seconds} s (${session.moves} moves)`,
      userId: session.user.userId,
      cameraId: session.cameraId,
      data: {
        username: session.user.username,
        startedAt: new Date(session.startedAt).toISOString(),
        endedAt: new Date(endedAt).toISOString(),
        durationMs: endedAt - session.startedAt,
        moves: session.moves,
        presets: session.presets,
        ended: why,
      },
    });
  }

  /** Best effort: the session is over either way, and a device that is gone stops by its own move timeout. */
  private async stopQuietly(camera: CameraRecord): Promise<void> {
    await this.options.devices.run(camera, (ptz) => ptz.stop()).catch(() => undefined);
  }

  private audit(
    type: AuditEvent['type'],
    caller: PtzCaller,
    camera: CameraRecord,
    message: string,
    data: Record<string, unknown>,
  ): void {
    this.options.publish({
      type,
      severity: 'info',
      message,
      userId: caller.userId,
      cameraId: camera.id,
      ip: caller.ip ?? null,
      data: { username: caller.username, ...data },
    });
  }
}
