// The simulated dome's mechanics: position integrated from ContinuousMove speeds over time, Stop, move timeouts, presets.
import { EventEmitter } from 'node:events';

export interface PtzPosition {
  /** -1 (left) .. 1 (right). */
  pan: number;
  /** -1 (down) .. 1 (up). */
  tilt: number;
  /** 0 (wide) .. 1 (tele). */
  zoom: number;
}

export interface SimPreset {
  token: string;
  name: string;
  position: PtzPosition;
}

export interface PtzStateOptions {
  /** Full-range travel per second at speed 1 (pan and tilt cross -1..1 in 2 / this seconds). Default 1. */
  unitsPerSecond?: number;
  /** Clock port for tests. */
  now?: () => number;
}

/** A running move as the picture needs it: where from, how fast (units per second), and until when. */
export interface Motion {
  from: PtzPosition;
  /** Units per second (speed × the dome's travel rate). */
  rate: PtzPosition;
  startedAt: number;
  endsAt: number | undefined;
}

interface Move {
  velocity: PtzPosition;
  from: PtzPosition;
  startedAt: number;
  /** When the device stops by itself (the ContinuousMove timeout); undefined: until Stop. */
  endsAt: number | undefined;
}

/** Zoom travels its 0..1 range in 2 s at full speed, like pan and tilt cross -1..1. */
const ZOOM_RATE = 0.5;
const HOME: PtzPosition = { pan: 0, tilt: 0, zoom: 0 };
const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));

/** Emits 'change' with the position whenever a move starts or stops or the camera jumps to a preset. */
export class PtzState extends EventEmitter<{ change: [PtzPosition] }> {
  private base: PtzPosition = { ...HOME };
  private move: Move | undefined;
  private readonly presets = new Map<string, SimPreset>();
  private nextToken = 1;
  private readonly speed: number;
  private readonly now: () => number;

  constructor(options: PtzStateOptions = {}) {
    super();
    this.speed = options.unitsPerSecond ?? 1;
    this.now = options.now ?? Date.now;
  }

  /** Where the camera points now (a running move integrated up to now, up to its timeout and the limits). */
  position(): PtzPosition {
    const move = this.move;
    if (!move) return { ...this.base };
    const until = move.endsAt === undefined ? this.now() : Math.min(this.now(), move.endsAt);
    const seconds = Math.max(0, until - move.startedAt) / 1000;
    return {
      pan: clamp(move.from.pan + move.velocity.pan * this.speed * seconds, -1, 1),
      tilt: clamp(move.from.tilt + move.velocity.tilt * this.speed * seconds, -1, 1),
      zoom: clamp(move.from.zoom + move.velocity.zoom * this.speed * ZOOM_RATE * seconds, 0, 1),
    };
  }

  /** True while a move runs (not timed out yet). */
  get moving(): boolean {
    const move = this.move;
    return move !== undefined && (move.endsAt === undefined || this.now() < move.endsAt);
  }

  /** The running move, or undefined when still. */
  motion(): Motion | undefined {
    const move = this.move;
    if (!move || !this.moving) return undefined;
    const { velocity: v, from, startedAt, endsAt } = move;
    const rate = { pan: v.pan * this.speed, tilt: v.tilt * this.speed, zoom: v.zoom * this.speed * ZOOM_RATE };
    return { from: { ...from }, rate, startedAt, endsAt };
  }

  continuousMove(velocity: PtzPosition, timeoutMs?: number): void {
    const from = this.position();
    const startedAt = this.now();
    const v = { pan: clamp(velocity.pan, -1, 1), tilt: clamp(velocity.tilt, -1, 1), zoom: clamp(velocity.zoom, -1, 1) };
    this.move = { velocity: v, from, startedAt, endsAt: timeoutMs === undefined ? undefined : startedAt + timeoutMs };
    this.emit('change', from);
  }

  stop(): void {
    this.base = this.position();
    this.move = undefined;
    this.emit('change', this.base);
  }

  listPresets(): SimPreset[] {
    return [...this.presets.values()].map((preset) => ({ ...preset, position: { ...preset.position } }));
  }

  /** Stores the current position under a new token, or overwrites `token`; returns the token. */
  setPreset(name: string, token?: string): string {
    const key = token ?? String(this.nextToken++);
    this.presets.set(key, { token: key, name: name || `Preset ${key}`, position: this.position() });
    return key;
  }

  /** A preset at a given position (a dome's presets as its installer left them). */
  definePreset(token: string, name: string, position: PtzPosition): void {
    this.presets.set(token, { token, name, position: { ...position } });
  }

  removePreset(token: string): boolean {
    return this.presets.delete(token);
  }

  /** Jumps to a preset (a real dome takes a moment; the picture here follows at once); false when it does not exist. */
  gotoPreset(token: string): boolean {
    const preset = this.presets.get(token);
    if (!preset) return false;
    this.move = undefined;
    this.base = { ...preset.position };
    this.emit('change', this.base);
    return true;
  }
}
