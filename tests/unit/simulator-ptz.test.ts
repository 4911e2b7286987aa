// The simulated dome: position integrated over an injected clock, the picture's window, and paced filter commands.
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FilterCommander, PACE_MS } from '../../src/simulator/filter-commands.js';
import { PtzState } from '../../src/simulator/ptz-state.js';
import { aimCommands, cropFilter, placement, positionText, windowSize } from '../../src/simulator/ptz-view.js';

describe('PTZ state', () => {
  it('integrates speeds over time, stops at the limits and on Stop, and says when it moves', () => {
    let now = 0;
    const ptz = new PtzState({ now: () => now });
    const changes: unknown[] = [];
    ptz.on('change', (position) => changes.push(position));
    ptz.continuousMove({ pan: 1, tilt: -0.5, zoom: 1 });
    now = 500;
    expect(ptz.position()).toEqual({ pan: 0.5, tilt: -0.25, zoom: 0.25 });
    expect(ptz.moving).toBe(true);
    expect(ptz.motion()).toMatchObject({ from: { pan: 0, tilt: 0, zoom: 0 }, rate: { pan: 1, tilt: -0.5, zoom: 0.5 } });
    now = 5000;
    expect(ptz.position()).toEqual({ pan: 1, tilt: -1, zoom: 1 });
    ptz.stop();
    now = 9000;
    expect(ptz.position()).toEqual({ pan: 1, tilt: -1, zoom: 1 });
    expect(ptz.moving).toBe(false);
    expect(ptz.motion()).toBeUndefined();
    expect(changes).toHaveLength(2);
  });

  it('a new move starts where the last one is, and a timed move ends by itself', () => {
    let now = 0;
    const ptz = new PtzState({ now: () => now, unitsPerSecond: 2 });
    ptz.continuousMove({ pan: -1, tilt: 0, zoom: 0 }, 200);
    now = 1000;
    expect(ptz.position().pan).toBeCloseTo(-0.4);
    expect(ptz.moving).toBe(false);
    ptz.continuousMove({ pan: 0, tilt: 1, zoom: 0 });
    now = 1100;
    expect(ptz.position()).toEqual({ pan: -0.4, tilt: 0.2, zoom: 0 });
    expect(ptz.removePreset('1')).toBe(false);
    expect(ptz.gotoPreset('1')).toBe(false);
  });
});

describe('the dome picture', () => {
  it('zooms by shrinking the window and places it by pan and tilt', () => {
    expect(windowSize(0, 640, 360)).toEqual({ w: 640, h: 360 });
    expect(windowSize(1, 640, 360)).toEqual({ w: 320, h: 180 });
    expect(placement({ pan: -1, tilt: 1, zoom: 0 }, undefined, () => 0)).toEqual({
      x: '(in_w-out_w)*(1+-1)/2',
      y: '(in_h-out_h)*(1-1)/2',
    });
    expect(cropFilter({ pan: 0.5, tilt: 0, zoom: 0.5 }, 320, 180)).toBe(
      "crop@ptz=w=240:h=136:x='(in_w-out_w)*(1+0.5)/2':y='(in_h-out_h)*(1-0)/2',scale=320:180",
    );
    expect(positionText({ pan: 0.25, tilt: -0.1, zoom: 0.5 })).toBe('P+0.25 T-0.10 Z0.50');
  });

  it('lets ffmpeg integrate a move itself, on its own frame clock, up to the move timeout', () => {
    const motion = { from: { pan: 0, tilt: 0, zoom: 0 }, rate: { pan: 1, tilt: 0, zoom: 0 }, startedAt: 12_000 };
    const onClock = (wall: number): number => (wall - 10_000) / 1000;
    expect(placement(motion.from, { ...motion, endsAt: undefined }, onClock).x).toBe(
      '(in_w-out_w)*(1+clip(0+1*(t-2),-1,1))/2',
    );
    expect(placement(motion.from, { ...motion, endsAt: 13_500 }, onClock).x).toBe(
      '(in_w-out_w)*(1+clip(0+1*(min(t,3.5)-2),-1,1))/2',
    );
    const commands = aimCommands(motion.from, undefined, { width: 320, height: 180 }, onClock, true);
    expect(commands.map((c) => `${c.target} ${c.command}`)).toEqual([
      'crop@ptz w',
      'crop@ptz h',
      'crop@ptz x',
      'crop@ptz y',
      'drawtext@pos reinit',
    ]);
  });
});

describe('filter commands to a running ffmpeg', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes one line per pace, the newest argument only, and nothing ffmpeg already has', () => {
    vi.useFakeTimers();
    const stdin = new PassThrough();
    const lines: string[] = [];
    stdin.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    const commander = new FilterCommander(stdin);
    commander.assume([{ target: 'crop@ptz', command: 'w', argument: '320' }]);
    const x = (argument: string) => ({ target: 'crop@ptz', command: 'x', argument });
    commander.send([{ target: 'crop@ptz', command: 'w', argument: '320' }, x('1'), { ...x('1'), command: 'y' }]);
    // Idle: the first line leaves at once; the rest wait their turn, each with its newest argument.
    expect(lines).toEqual(['ccrop@ptz -1 x 1']);
    commander.send([x('2'), x('3')]);
    expect(commander.backlog).toBe(2);
    vi.advanceTimersByTime(PACE_MS);
    vi.advanceTimersByTime(PACE_MS);
    expect(lines).toEqual(['ccrop@ptz -1 x 1', 'ccrop@ptz -1 y 1', 'ccrop@ptz -1 x 3']);
    commander.send([x('3')]);
    vi.advanceTimersByTime(PACE_MS * 3);
    expect(lines).toHaveLength(3);
    commander.close();
  });
});
