// ffmpeg as the simulated camera's encoder: argument builders (pure) and a live encoder process that yields access units.
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { Logger } from '../shared/index.js';
import { AccessUnitAssembler, AnnexBSplitter, type AccessUnit } from './annexb.js';

export type TestPattern = 'testsrc2' | 'testsrc';

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
}

export function gopFrames(settings: Pick<EncodeSettings, 'fps' | 'gopSeconds'>): number {
  return Math.max(1, Math.round(settings.fps * settings.gopSeconds));
}

/** Text for drawtext: only characters that need no escaping in a filter graph. */
function safeText(text: string): string {
  return text.replace(/[^A-Za-z0-9 _.#()-]/g, '_');
}

/** The lavfi graph: moving pattern, hue, camera name and clock. */
export function buildFilterGraph(s: EncodeSettings): string {
  const filters = [`${s.pattern ?? 'testsrc2'}=size=${s.width}x${s.height}:rate=${s.fps}`];
  if (s.hue) filters.push(`hue=h=${Math.round(s.hue)}`);
  if (s.font) {
    const size = Math.max(12, Math.round(s.height / 18));
    const common = `fontfile=${s.font}:fontsize=${size}:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=4`;
    if (s.label) filters.push(`drawtext=${common}:x=8:y=8:text='${safeText(s.label)}'`);
    // %{localtime} without a format prints "%Y-%m-%d %H:%M:%S", which avoids escaping colons.
    if (s.clock) filters.push(`drawtext=${common}:x=8:y=h-th-12:text='%{localtime}'`);
  }
  return filters.join(',');
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
    '-nostdin',
    '-nostats',
    '-loglevel',
    'error',
    '-re',
    '-f',
    'lavfi',
    '-i',
    buildFilterGraph(s),
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

  constructor(
    private readonly ffmpegPath: string,
    private readonly settings: EncodeSettings,
    private readonly logger: Logger,
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
    const child = spawn(this.ffmpegPath, buildLiveEncoderArgs(this.settings), { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const splitter = new AnnexBSplitter();
    const assembler = new AccessUnitAssembler();
    child.stdout?.on('data', (chunk: Buffer) => {
      for (const nal of splitter.push(chunk)) {
        const unit = assembler.push(nal);
        if (unit) this.emit('unit', unit);
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
      const intentional = this.stopping;
      if (!intentional) this.logger.warn({ code, signal, stderr: this.stderrTail.trim() }, 'encoder exited');
      this.emit('exit', code, signal, intentional);
    });
    this.logger.debug({ pid: child.pid }, 'encoder started');
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
