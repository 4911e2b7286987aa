// Press-and-hold steering: a move is sent with a short device timeout and re-sent while held, so that a release
// the hub never hears (a closed tab, a lost request) still stops the camera within a second.
import type { PtzMoveInput, PtzSteerer, PtzView } from '../../../src/contracts/index.js';
import { request, required } from '../shared/api.js';

/** The device stops by itself this long after the last move it received. */
export const MOVE_TIMEOUT_MS = 1000;
/** While held, the move is sent again this often (well within the timeout). */
export const RESEND_MS = 400;
/** Speed of the pad's moves (-1..1 is the device's whole range). */
const SPEED = 0.5;

export type Direction = 'up' | 'down' | 'left' | 'right' | 'upLeft' | 'upRight' | 'downLeft' | 'downRight';
export type Zoom = 'zoomIn' | 'zoomOut';

const VECTORS: Record<Direction | Zoom, [pan: number, tilt: number, zoom: number]> = {
  up: [0, 1, 0],
  down: [0, -1, 0],
  left: [-1, 0, 0],
  right: [1, 0, 0],
  upLeft: [-1, 1, 0],
  upRight: [1, 1, 0],
  downLeft: [-1, -1, 0],
  downRight: [1, -1, 0],
  zoomIn: [0, 0, 1],
  zoomOut: [0, 0, -1],
};

/** The move a pad button sends. */
export function moveOf(button: Direction | Zoom): PtzMoveInput {
  const [pan, tilt, zoom] = VECTORS[button];
  return { pan: pan * SPEED, tilt: tilt * SPEED, zoom: zoom * SPEED, timeoutMs: MOVE_TIMEOUT_MS };
}

const path = (cameraId: string, rest = ''): string => `/api/cameras/${encodeURIComponent(cameraId)}/ptz${rest}`;

export const ptzApi = {
  view: (cameraId: string): Promise<PtzView> => required(request<PtzView>(path(cameraId)), 'ptz'),
  move: (cameraId: string, move: PtzMoveInput) =>
    request<{ steering: PtzSteerer }>(path(cameraId, '/move'), { method: 'POST', body: move }),
  stop: (cameraId: string) => request(path(cameraId, '/stop'), { method: 'POST' }),
  release: (cameraId: string) => request(path(cameraId, '/release'), { method: 'POST' }),
  goto: (cameraId: string, token: string) =>
    request(path(cameraId, `/presets/${encodeURIComponent(token)}/goto`), { method: 'POST' }),
  save: (cameraId: string, name: string) =>
    required(
      request<{ token: string; name: string }>(path(cameraId, '/presets'), { method: 'POST', body: { name } }),
      'preset',
    ),
  remove: (cameraId: string, token: string) =>
    request(path(cameraId, `/presets/${encodeURIComponent(token)}`), { method: 'DELETE' }),
};

/** One held button at a time: hold() starts and keeps the move going, release() stops it (once). */
export class HoldToMove {
  private timer: ReturnType<typeof setInterval> | undefined;
  private held: Direction | Zoom | undefined;

  constructor(
    private readonly cameraId: string,
    private readonly onError: (error: unknown) => void,
  ) {}

  get holding(): Direction | Zoom | undefined {
    return this.held;
  }

  hold(button: Direction | Zoom): void {
    if (this.held === button) return;
    this.clear();
    this.held = button;
    const send = (): void => {
      ptzApi.move(this.cameraId, moveOf(button)).catch((error: unknown) => {
        // A refused move (someone else steers, the device is gone) ends the hold: no point in repeating it.
        this.clear();
        this.onError(error);
      });
    };
    send();
    this.timer = setInterval(send, RESEND_MS);
  }

  release(): void {
    if (!this.held) return;
    this.clear();
    ptzApi.stop(this.cameraId).catch(this.onError);
  }

  private clear(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.held = undefined;
  }
}
