// What a simulated dome shows: a window on a scene twice the picture's size, placed by pan and tilt and sized by zoom.
import type { Motion, PtzPosition } from './ptz-state.js';

/** The scene is this many times the output picture in each direction. */
export const SCENE_SCALE = 2;

/** One filter command: ffmpeg's interactive "c<target> -1 <command> <argument>" line. */
export interface FilterCommand {
  target: string;
  command: string;
  argument: string;
}

const even = (value: number): number => Math.max(2, Math.round(value / 2) * 2);

/** The window's size: zoom 0 shows the output size of the scene, zoom 1 half that (twice the magnification). */
export function windowSize(zoom: number, width: number, height: number): { w: number; h: number } {
  return { w: even(width * (1 - 0.5 * zoom)), h: even(height * (1 - 0.5 * zoom)) };
}

const num = (value: number): string => String(Math.round(value * 1e5) / 1e5);

/**
 * The crop's x and y as expressions of the frame time `t` (seconds on the encoder's clock): still, a fixed share of
 * the free room; moving, the position integrated by ffmpeg itself on every frame, so a move needs no command per frame.
 * Pan right moves the window right; tilt up moves it up.
 */
export function placement(
  position: PtzPosition,
  motion: Motion | undefined,
  encoderSeconds: (wallMs: number) => number,
): { x: string; y: string } {
  const axis = (from: number, rate: number): string => {
    if (!motion || rate === 0) return num(from);
    const t0 = num(encoderSeconds(motion.startedAt));
    const t = motion.endsAt === undefined ? 't' : `min(t,${num(encoderSeconds(motion.endsAt))})`;
    return `clip(${num(from)}+${num(rate)}*(${t}-${t0}),-1,1)`;
  };
  const pan = axis(motion?.from.pan ?? position.pan, motion?.rate.pan ?? 0);
  const tilt = axis(motion?.from.tilt ?? position.tilt, motion?.rate.tilt ?? 0);
  return { x: `(in_w-out_w)*(1+${pan})/2`, y: `(in_h-out_h)*(1-${tilt})/2` };
}

const signed = (value: number): string => `${value >= 0 ? '+' : '-'}${Math.abs(value).toFixed(2)}`;

/** The position burned into the picture, e.g. "P+0.25 T-0.10 Z0.50" (no characters a filter graph must escape). */
export function positionText(position: PtzPosition): string {
  return `P${signed(position.pan)} T${signed(position.tilt)} Z${position.zoom.toFixed(2)}`;
}

/** The crop filter at the encoder's start, by name so that commands reach it; expressions without commas. */
export function cropFilter(position: PtzPosition, width: number, height: number): string {
  const { w, h } = windowSize(position.zoom, width, height);
  const { x, y } = placement(position, undefined, () => 0);
  return `crop@ptz=w=${w}:h=${h}:x='${x}':y='${y}',scale=${width}:${height}`;
}

/** The commands that aim a running dome's picture; the text last, as it matters least. */
export function aimCommands(
  position: PtzPosition,
  motion: Motion | undefined,
  size: { width: number; height: number },
  encoderSeconds: (wallMs: number) => number,
  withText: boolean,
): FilterCommand[] {
  const { w, h } = windowSize(position.zoom, size.width, size.height);
  const { x, y } = placement(position, motion, encoderSeconds);
  const crop = (command: string, argument: string): FilterCommand => ({ target: 'crop@ptz', command, argument });
  const commands = [crop('w', String(w)), crop('h', String(h)), crop('x', x), crop('y', y)];
  if (withText)
    commands.push({ target: 'drawtext@pos', command: 'reinit', argument: `text=${positionText(position)}` });
  return commands;
}
