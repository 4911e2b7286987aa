// ffmpeg as the simulated camera's encoder: argument builders (pure) and a live encoder process that yields access units.
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { Logger } from '../shared/index.js';
import { AccessUnitAssembler, AnnexBSplitter, type AccessUnit } from './annexb.js';
import { FilterCommander } from './filter-commands.js';
import type { Motion, PtzPosition } from './ptz-state.js';
import { aimCommands, cropFilter, positionText, SCENE_SCALE } from './ptz-view.js';

export type TestPattern = 'testsrc2' | 'testsrc';

/** What the lens sees: the scene, or a fault an image check must find (a cap, a smear, a cloth, a re-aimed view). */
export const PICTURE_FAULTS = ['normal', 'black', 'blurred', 'covered', 'shifted'] as const;
export type PictureFault = (typeof PICTURE_FAULTS)[number];

export interface EncodeSettings {
  width: number;
  height: number;
  fps: number;
  gopSeconds: number;
  bitrateKbps: number;
  pattern?: TestPattern;
  /** Hue rotation in degrees, so cameras on the same pattern still look different. */
  hue?: number;
  /** Lines burned into the picture (ffmpeg drawtext); needs `font`. */
  label?: string;
  /** Burn the wall clock in (live cameras only: a looped clip cannot show the time). */
  clock?: boolean;
  /** Path of a TrueType font; without one no text is drawn. */
  font?: string;
  /** A PTZ dome's aim at the start: the picture is a window on a larger scene, moved later through stdin. */
  ptz?: PtzPosition;
  /** A fault of the picture, under the burned-in text as a camera's own would be. */
  picture?: PictureFault;
}

export function gopFrames(settings: Pick<EncodeSettings, 'fps' | 'gopSeconds'>): number {
  return Math.max(1, Math.round(settings.fps * settings.gopSeconds));
}

/** Text for drawtext: only characters that need no escaping in a filter graph. */
function safeText(text: string): string {
  return text.replace(/[^A-Za-z0-9 _.#()-]/g, '_');
}

/** The lavfi graph: moving pattern, hue, a fault of the picture, camera name and clock (a dome's text goes on its window). */
export function buildFilterGraph(s: EncodeSettings): string {
  const scale = s.ptz ? SCENE_SCALE : 1;
  const filters = [`${s.pattern ?? 'testsrc2'}=size=${s.width * scale}x${s.height * scale}:rate=${s.fps}`];
  if (s.hue) filters.push(`hue=h=${Math.round(s.hue)}`);
  filters.push(...faultFilters(s.picture ?? 'normal', s.width * scale, s.height * scale));
  if (!s.ptz) filters.push(...textFilters(s));
  return filters.join(',');
}

/**
 * A fault of the picture: black (a cap on the lens), blurred (out of focus), covered (a cloth close to the lens: dim,
 * flat, a little grain), shifted (the camera turned: another part of the scene, magnified).
 */
export function faultFilters(fault: PictureFault, width: number, height: number): string[] {
  switch (fault) {
    case 'black':
      return ['lutyuv=y=16:u=128:v=128'];
    case 'blurred':
      return [`boxblur=${Math.max(2, Math.round(width / 50))}:2`];
    case 'covered':
      return [
        `gblur=sigma=${Math.round(width / 8)}`,
        'eq=contrast=0.15:brightness=-0.25:saturation=0.3',
        'noise=alls=8:allf=t',
      ];
    case 'shifted':
      return ['crop=iw*0.6:ih*0.6:iw*0.4:ih*0.3', `scale=${width}:${height}`];
    default:
      return [];
  }
}

/** Name and clock, and a dome's position (named, so that it can be rewritten while ffmpeg runs). */
function textFilters(s: EncodeSettings): string[] {
  if (!s.font) return [];
  const size = Math.max(12, Math.round(s.height / 18));
  const common = `fontfile=${s.font}:fontsize=${size}:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=4`;
  const filters: string[] = [];
  if (s.label) filters.push(`drawtext=${common}:x=8:y=8:text='${safeText(s.label)}'`);
  // %{localtime} without a format prints "%Y-%m-%d %H:%M:%S", which avoids escaping colons.
  if (s.clock) filters.push(`drawtext=${common}:x=8:y=h-th-12:text='%{localtime}'`);
  if (s.ptz) filters.push(`drawtext@pos=${common}:x=w-tw-8:y=8:text='${positionText(s.ptz)}'`);
  return filters;
}

/** A dome's window on the scene, scaled to the picture, with its text: the filters its stdin commands reach. */
function ptzFilters(s: EncodeSettings): string[] {
  if (!s.ptz) return [];
  return ['-vf', [cropFilter(s.ptz, s.width, s.height), ...textFilters(s)].join(',')];
}

/** x264 settings shared by live and clip encodes: one closed GOP per gopSeconds, SPS/PPS on every IDR, AUDs. */
function x264Args(s: EncodeSettings): string[] {
  const gop = gopFrames(s);
  const kbps = Math.max(50, Math.round(s.bitrateKbps));
  return [
    '-c:v',
    'libx264',
    // ultrafast costs under half of veryfast (3 % against 8 % of a core at 640x360 here): the demo must stay light.
    '-preset',
    'ultrafast',
    // One thread per small encoder: cheaper in total than sliced threads when many cameras share two cores.
    '-threads',
    s.width * s.height > 1280 * 720 ? '0' : '1',
    '-tune',
    'zerolatency',
    '-profile:v',
    'main',
    '-pix_fmt',
    'yuv420p',
    '-g',
    String(gop),
    '-keyint_min',
    String(gop),
    '-sc_threshold',
    '0',
    '-b:v',
    `${kbps}k`,
    '-maxrate',
    `${kbps}k`,
    '-bufsize',
    `${kbps}k`,
    // aud=1 makes access units trivial to split; repeat-headers puts SPS/PPS before every IDR.
    '-x264-params',
    'aud=1:repeat-headers=1:open-gop=0',
  ];
}

/** A paced (-re) endless encode to raw Annex-B on stdout. */
export function buildLiveEncoderArgs(s: EncodeSettings): string[] {
  return [
    '-hide_banner',
    // A dome reads its aim from stdin (ffmpeg's interactive filter commands); other cameras read nothing.
    ...(s.ptz ? [] : ['-nostdin']),
    '-nostats',
    '-loglevel',
    'error',
    '-re',
    '-f',
    'lavfi',
    '-i',
    buildFilterGraph(s),
    ...ptzFilters(s),
    ...x264Args(s),
    '-an',
    '-f',
    'h264',
    'pipe:1',
  ];
}

/** A one-off encode of `frames` frames (a whole number of GOPs) into an Annex-B file. */
export function buildClipEncoderArgs(s: EncodeSettings, frames: number, output: string): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-nostats',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    buildFilterGraph(s),
    '-frames:v',
    String(frames),
    ...x264Args(s),
    '-an',
    '-f',
    'h264',
    output,
  ];
}

/** How long stop() waits for SIGTERM before SIGKILL. */
const KILL_GRACE_MS = 2000;

/**
 * One ffmpeg run. Emits 'unit' (AccessUnit) and 'exit' (code, signal, intentional).
 * ffmpeg writes to our stdout pipe every frame, so if this process dies it gets SIGPIPE and exits too.
 */
export class LiveEncoder extends EventEmitter<{
  unit: [AccessUnit];
  exit: [code: number | null, signal: NodeJS.Signals | null, intentional: boolean];
}> {
  private child: ChildProcess | undefined;
  private stopping = false;
  private stderrTail = '';
  private commander: FilterCommander | undefined;
  /** Wall time of the run's first frame: frame time t = 0 on the encoder's clock (it runs at -re pace). */
  private zeroAt: number | undefined;
  /** The picture's fault from the next start on (see setPicture). */
  private picture: PictureFault | undefined;

  constructor(
    private readonly ffmpegPath: string,
    private readonly settings: EncodeSettings,
    private readonly logger: Logger,
    /** A dome's current aim, read at each start (the encoder restarts when viewers come back). */
    private readonly aim?: () => PtzPosition,
  ) {
    super();
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  start(): void {
    if (this.child) return;
    this.stopping = false;
    const settings = {
      ...this.settings,
      ...(this.aim ? { ptz: this.aim() } : {}),
      ...(this.picture ? { picture: this.picture } : {}),
    };
    const stdin = this.aim ? 'pipe' : 'ignore';
    const child = spawn(this.ffmpegPath, buildLiveEncoderArgs(settings), { stdio: [stdin, 'pipe', 'pipe'] });
    // A write after ffmpeg exited fails with EPIPE: the next start reads the aim anyway.
    child.stdin?.on('error', () => undefined);
    this.commander = child.stdin ? new FilterCommander(child.stdin) : undefined;
    if (settings.ptz) this.commander?.assume(aimCommands(settings.ptz, undefined, settings, () => 0, false));
    this.zeroAt = undefined;
    this.child = child;
    const splitter = new AnnexBSplitter();
    const assembler = new AccessUnitAssembler();
    child.stdout?.on('data', (chunk: Buffer) => {
      for (const nal of splitter.push(chunk)) {
        const unit = assembler.push(nal);
        if (!unit) continue;
        this.zeroAt ??= Date.now();
        this.emit('unit', unit);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-2000);
    });
    child.on('error', (error) => {
      this.logger.error({ err: error }, 'encoder could not start');
    });
    child.on('close', (code, signal) => {
      this.child = undefined;
      this.commander?.close();
      this.commander = undefined;
      const intentional = this.stopping;
      if (!intentional) this.logger.warn({ code, signal, stderr: this.stderrTail.trim() }, 'encoder exited');
      this.emit('exit', code, signal, intentional);
    });
    this.logger.debug({ pid: child.pid }, 'encoder started');
  }

  /** Aims a running dome's window (nothing when not running or not started yet: the next start reads the aim). */
  steer(position: PtzPosition, motion: Motion | undefined): void {
    const zeroAt = this.zeroAt;
    if (!this.commander || zeroAt === undefined) return;
    const seconds = (wallMs: number): number => (wallMs - zeroAt) / 1000;
    const withText = this.settings.font !== undefined;
    this.commander.send(aimCommands(position, motion, this.settings, seconds, withText));
  }

  /**
   * Changes what the lens sees: a running encoder is stopped (intentionally: its source starts it again at once when
   * someone watches, on the same clock), a stopped one starts with it.
   */
  setPicture(picture: PictureFault): Promise<void> {
    this.picture = picture;
    return this.stop();
  }

  /** Kills ffmpeg (SIGTERM, then SIGKILL) and resolves once it is gone. */
  stop(): Promise<void> {
    const child = this.child;
    if (!child) return Promise.resolve();
    this.stopping = true;
    return new Promise((resolve) => {
      const force = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
      child.once('close', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}
