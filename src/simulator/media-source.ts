// Where a stream's frames come from: the contract the RTSP server reads, and the live (on-demand ffmpeg) implementation.
import type { Logger } from '../shared/index.js';
import { parameterSets, type AccessUnit } from './annexb.js';
import { LiveEncoder, type EncodeSettings, type PictureFault } from './encoder.js';
import type { PtzState } from './ptz-state.js';
import { packetizeAccessUnit, type PacketizedAccessUnit } from './rtp-h264.js';

export interface StreamDescription {
  sps: Buffer;
  pps: Buffer;
  width: number;
  height: number;
  fps: number;
}

export type UnitSink = (unit: PacketizedAccessUnit) => void;

/** One stream (a camera's main or sub) as the RTSP server sees it. */
export interface MediaSource {
  /** Parameter sets for the SDP; may start an encoder and wait for its first keyframe. */
  describe(): Promise<StreamDescription>;
  addSink(sink: UnitSink): void;
  removeSink(sink: UnitSink): void;
  /** The stream's 90 kHz clock at wall time `unixMs`, on the same scale as unit timestamps. */
  clockAt(unixMs: number): number;
  /** Releases everything (encoder processes, timers). */
  close(): Promise<void>;
}

export interface LiveSourceOptions {
  ffmpegPath: string;
  settings: EncodeSettings;
  logger: Logger;
  /** Encoder keeps running this long after the last client leaves (a DESCRIBE is usually followed by PLAY). */
  idleStopMs?: number;
  /** How long DESCRIBE waits for the first keyframe. */
  describeTimeoutMs?: number;
  /** A dome: the picture follows this PTZ mechanism. */
  ptz?: PtzState;
}

/** How often a moving dome's picture is re-aimed (zoom steps, the burned-in position, the end of a timed move). */
const AIM_INTERVAL_MS = 100;

/**
 * A live camera: ffmpeg runs only while someone watches (or briefly after a DESCRIBE),
 * and the SPS/PPS learnt from its first keyframe are kept for later DESCRIBEs.
 */
export class LiveSource implements MediaSource {
  private readonly encoder: LiveEncoder;
  private readonly sinks = new Set<UnitSink>();
  private cached: StreamDescription | undefined;
  private waiters: Array<(d: StreamDescription) => void> = [];
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Wall time of frame 0 of the current run, and frames since. */
  private frames = 0;
  private lastUnitTimestamp = 0;
  private lastUnitAt = 0;
  /** Camera clock at the start of the current run, so timestamps keep growing across encoder restarts. */
  private clockBase = 0;
  private aimTimer: NodeJS.Timeout | undefined;
  private readonly follow = (): void => this.followPtz();

  constructor(private readonly options: LiveSourceOptions) {
    const ptz = options.ptz;
    this.encoder = new LiveEncoder(options.ffmpegPath, options.settings, options.logger, ptz && (() => ptz.position()));
    ptz?.on('change', this.follow);
    this.encoder.on('unit', (unit) => this.onUnit(unit));
    this.encoder.on('exit', (_code, _signal, intentional) => {
      if (this.closed || (this.sinks.size === 0 && this.waiters.length === 0)) return;
      // A viewer that arrived while an idle stop was under way found the encoder still running: start it again now.
      if (intentional) this.ensureRunning();
      // A crashed encoder while people watch: restart after a short pause rather than leave them frozen.
      else setTimeout(() => this.ensureRunning(), 1000).unref();
    });
  }

  get encoderPid(): number | undefined {
    return this.encoder.pid;
  }

  /** Shows a fault of the picture (or the scene again): the encoder restarts with it, its viewers stay connected. */
  async setPicture(picture: PictureFault): Promise<void> {
    await this.encoder.setPicture(picture);
    if (this.sinks.size > 0 || this.waiters.length > 0) this.ensureRunning();
  }

  async describe(): Promise<StreamDescription> {
    if (this.cached) return this.cached;
    this.ensureRunning();
    this.scheduleIdleStop();
    const timeoutMs = this.options.describeTimeoutMs ?? 15_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        if (this.sinks.size === 0) this.scheduleIdleStop();
        reject(new Error(`no keyframe from the encoder within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (d: StreamDescription): void => {
        clearTimeout(timer);
        resolve(d);
      };
      this.waiters.push(done);
    });
  }

  addSink(sink: UnitSink): void {
    this.sinks.add(sink);
    this.cancelIdleStop();
    this.ensureRunning();
  }

  removeSink(sink: UnitSink): void {
    this.sinks.delete(sink);
    if (this.sinks.size === 0) this.scheduleIdleStop();
  }

  /**
   * The RTP clock at a wall-clock time, from the last frame sent: its timestamp plus the time since. A camera's
   * sender reports map its capture clock this way; mapping from the encoder's start instead drifted from the frame
   * timestamps by the encoder's start-up delay, and ffmpeg then jumped its timestamps by up to a second at the
   * first sender report.
   */
  clockAt(unixMs: number): number {
    if (!this.encoder.running || this.lastUnitAt === 0) return this.clockBase;
    return this.lastUnitTimestamp + Math.max(0, Math.round((unixMs - this.lastUnitAt) * 90));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.options.ptz?.off('change', this.follow);
    clearInterval(this.aimTimer);
    this.cancelIdleStop();
    this.sinks.clear();
    await this.encoder.stop();
  }

  /**
   * Aims the picture now; while a zoom runs, again every AIM_INTERVAL_MS (the crop's size is fixed per command,
   * whereas pan and tilt move by themselves: their expressions follow the frame time).
   */
  private followPtz(): void {
    const ptz = this.options.ptz;
    if (!ptz) return;
    const aim = (): void => this.encoder.steer(ptz.position(), ptz.motion());
    aim();
    if (this.aimTimer || !ptz.moving) return;
    this.aimTimer = setInterval(() => {
      aim();
      if (ptz.moving) return;
      clearInterval(this.aimTimer);
      this.aimTimer = undefined;
    }, AIM_INTERVAL_MS);
  }

  private ensureRunning(): void {
    if (this.closed || this.encoder.running) return;
    // Continue the clock where the previous run stopped, one frame later.
    this.clockBase = this.frames > 0 ? this.frameTimestamp(this.frames) : this.clockBase;
    this.frames = 0;
    this.lastUnitAt = 0;
    this.encoder.start();
  }

  private frameTimestamp(frame: number): number {
    return this.clockBase + Math.round((frame * 90_000) / this.options.settings.fps);
  }

  private onUnit(unit: AccessUnit): void {
    // A run that starts while the dome moves began at the position of its start: it follows the move from now on.
    if (this.frames === 0 && this.options.ptz?.moving) this.followPtz();
    if (!this.cached && unit.keyframe) {
      const sets = parameterSets(unit);
      if (sets) {
        const s = this.options.settings;
        this.cached = { ...sets, width: s.width, height: s.height, fps: s.fps };
        for (const waiter of this.waiters.splice(0)) waiter(this.cached);
        // The idle timer may have fired while we waited; re-arm it so a DESCRIBE alone never leaves ffmpeg running.
        if (this.sinks.size === 0) this.scheduleIdleStop();
      }
    }
    const timestamp = this.frameTimestamp(this.frames);
    const packetized = packetizeAccessUnit(unit, timestamp);
    this.frames++;
    this.lastUnitTimestamp = timestamp;
    this.lastUnitAt = Date.now();
    for (const sink of this.sinks) sink(packetized);
  }

  private scheduleIdleStop(): void {
    this.cancelIdleStop();
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.sinks.size === 0 && this.waiters.length === 0) void this.encoder.stop();
    }, this.options.idleStopMs ?? 5000);
  }

  private cancelIdleStop(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}
