// Who steers which camera: one user at a time, a session from the first move until release or an idle timeout.
import type { PtzSteerer } from '../contracts/index.js';
import { VigilError } from '../shared/errors.js';

export interface Steerer {
  userId: string;
  username: string;
  displayName: string;
}

/** One steering session, as the audit records it when it ends. */
export interface SteeringSession {
  cameraId: string;
  user: Steerer;
  startedAt: number;
  lastActiveAt: number;
  moves: number;
  /** Names of the presets gone to, in order. */
  presets: string[];
}

export type SteeringEnd = 'released' | 'idle' | 'shutdown';

export interface SteeringLockOptions {
  /** A session ends this long after its last action. Default 15 s. */
  idleMs?: number;
  /** Called when a session starts, is renewed or ends (null), for the camera's viewers. */
  onChange: (cameraId: string, steering: PtzSteerer | null) => void;
  /** Called once per ended session (the audit), with when it ended: released now, or idle since its timeout. */
  onEnd: (session: SteeringSession, why: SteeringEnd, endedAt: number) => void;
  now?: () => number;
}

export const STEERING_IDLE_MS = 15_000;

export class SteeringLock {
  private readonly sessions = new Map<string, SteeringSession>();
  private readonly idleMs: number;
  private readonly now: () => number;

  constructor(private readonly options: SteeringLockOptions) {
    this.idleMs = options.idleMs ?? STEERING_IDLE_MS;
    this.now = options.now ?? Date.now;
  }

  /** The camera's steerer now, or null (an idle session found here is ended first). */
  current(cameraId: string): PtzSteerer | null {
    this.expire(cameraId);
    const session = this.sessions.get(cameraId);
    return session ? this.view(session) : null;
  }

  /**
   * Starts or renews `user`'s session on the camera; a move counts when `move` is set. Throws 409 `ptz_busy`, naming
   * the steerer and when their session ends, when someone else steers.
   */
  claim(cameraId: string, user: Steerer, action: { move?: boolean; preset?: string } = {}): PtzSteerer {
    this.expire(cameraId);
    const at = this.now();
    let session = this.sessions.get(cameraId);
    if (session && session.user.userId !== user.userId) {
      const steering = this.view(session);
      throw new VigilError('VIGIL_CONFLICT', `${steering.displayName} (${steering.username}) is steering this camera`, {
        details: { reason: 'ptz_busy', ...steering },
        retryAfterSeconds: (Date.parse(steering.expiresAt) - at) / 1000,
      });
    }
    if (!session) {
      session = { cameraId, user, startedAt: at, lastActiveAt: at, moves: 0, presets: [] };
      this.sessions.set(cameraId, session);
    }
    session.lastActiveAt = at;
    if (action.move) session.moves += 1;
    if (action.preset !== undefined) session.presets.push(action.preset);
    const steering = this.view(session);
    this.options.onChange(cameraId, steering);
    return steering;
  }

  /** Ends `userId`'s session on the camera (nothing when they hold none); true when one ended. */
  release(cameraId: string, userId: string): boolean {
    const session = this.sessions.get(cameraId);
    if (!session || session.user.userId !== userId) return false;
    this.end(session, 'released');
    return true;
  }

  /** Ends every session idle past the timeout; returns those ended (the caller stops their cameras). */
  sweep(): SteeringSession[] {
    return [...this.sessions.keys()].flatMap((cameraId) => this.expire(cameraId) ?? []);
  }

  /** Ends every session (the hub stops). */
  endAll(): void {
    for (const session of [...this.sessions.values()]) this.end(session, 'shutdown');
  }

  get active(): number {
    return this.sessions.size;
  }

  private expire(cameraId: string): SteeringSession | undefined {
    const session = this.sessions.get(cameraId);
    if (!session || this.now() - session.lastActiveAt < this.idleMs) return undefined;
    this.end(session, 'idle');
    return session;
  }

  private end(session: SteeringSession, why: SteeringEnd): void {
    this.sessions.delete(session.cameraId);
    this.options.onEnd(session, why, why === 'idle' ? session.lastActiveAt + this.idleMs : this.now());
    this.options.onChange(session.cameraId, null);
  }

  private view(session: SteeringSession): PtzSteerer {
    return {
      userId: session.user.userId,
      username: session.user.username,
      displayName: session.user.displayName,
      since: new Date(session.startedAt).toISOString(),
      expiresAt: new Date(session.lastActiveAt + this.idleMs).toISOString(),
    };
  }
}
