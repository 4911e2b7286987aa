// The simulated camera fleet: camera configs → live or loop sources, served by one RTSP server, with runtime test switches.
import { existsSync } from 'node:fs';
import type { Logger, Service } from '../shared/index.js';
import { silentLogger } from '../shared/index.js';
import { ClipLibrary, defaultClipCacheDir, LoopSource, LoopTicker } from './clip-loop.js';
import type { EncodeSettings, PictureFault, TestPattern } from './encoder.js';
import { LiveSource, type MediaSource } from './media-source.js';
import { PtzState } from './ptz-state.js';
import { RtspServer, type ResolvedStream } from './rtsp-server.js';

export const DEFAULT_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

export type SimulatedStream = 'main' | 'sub';

export interface SimulatedSubStream {
  width: number;
  height: number;
  bitrateKbps: number;
}

export interface SimulatedCameraConfig {
  id: string;
  name: string;
  /** live: ffmpeg encodes while someone watches; loop: a cached clip replayed with no encoder (benchmarks). */
  mode: 'live' | 'loop';
  width: number;
  height: number;
  fps: number;
  gopSeconds: number;
  bitrateKbps: number;
  /** A smaller second stream at /<id>/sub; false or absent for none. */
  sub?: SimulatedSubStream | false;
  /** Digest credentials required for every request but OPTIONS. */
  auth?: { username: string; password: string };
  pattern?: TestPattern;
  /** Hue rotation in degrees; by default derived from the camera's position so each looks different. */
  hue?: number;
  /** Start as a camera that keeps its sessions but sends no RTP. */
  stopSending?: boolean;
  /** Close this camera's client connections every so many seconds. */
  dropConnections?: { everySeconds: number } | false;
  /** A PTZ dome (live mode only): its picture is a window on a larger scene that follows pan, tilt and zoom. */
  ptz?: boolean;
  /** A fault of the picture from the start (live mode only; setPicture changes it while the camera runs). */
  picture?: PictureFault;
}

export interface CameraSimulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (default) picks a free port; read `port` after start(). */
  port?: number;
  cameras: SimulatedCameraConfig[];
  ffmpegPath: string;
  /** TrueType font for the burned-in name and clock; default DejaVuSans when present; false for no text. */
  font?: string | false;
  logger?: Logger;
  /** Where loop clips are cached; default <tmpdir>/vigil-sim-clips. */
  clipCacheDir?: string;
  /** How long a live encoder outlives its last client. Default 5000. */
  idleStopMs?: number;
  /** Minimum length of loop clips (rounded up to whole GOPs). Default 4 s. */
  loopClipSeconds?: number;
}

interface CameraState {
  config: SimulatedCameraConfig;
  index: number;
  streams: Map<SimulatedStream, MediaSource>;
  stopped: boolean;
  offline: boolean;
  dropTimer?: NodeJS.Timeout | undefined;
  ptz?: PtzState | undefined;
}

/** Builds `count` ordinary cameras (cam01..camNN), for the CLI, demos and benchmarks. */
export function simulatedCameras(
  count: number,
  overrides: Partial<Omit<SimulatedCameraConfig, 'id' | 'name'>> = {},
): SimulatedCameraConfig[] {
  // cam01, cam02... (wider when there are 100 or more), matching the demo province's camera ids.
  const digits = Math.max(2, String(count).length);
  return Array.from({ length: count }, (_, i) => ({
    id: `cam${String(i + 1).padStart(digits, '0')}`,
    name: `Camera ${String(i + 1).padStart(digits, '0')}`,
    mode: 'live',
    width: 1280,
    height: 720,
    fps: 25,
    gopSeconds: 1,
    bitrateKbps: 2000,
    sub: { width: 640, height: 360, bitrateKbps: 500 },
    ...overrides,
  }));
}

export class CameraSimulator implements Service {
  readonly name = 'simulator';
  private readonly cameras = new Map<string, CameraState>();
  private readonly server: RtspServer;
  private readonly logger: Logger;
  private readonly clips: ClipLibrary;
  private readonly ticker = new LoopTicker();
  private readonly font: string | undefined;
  private nextIndex = 0;

  constructor(private readonly options: CameraSimulatorOptions) {
    this.logger = options.logger ?? silentLogger();
    const font = options.font === undefined ? DEFAULT_FONT : options.font;
    this.font = font && existsSync(font) ? font : undefined;
    this.clips = new ClipLibrary(options.ffmpegPath, options.clipCacheDir ?? defaultClipCacheDir(), this.logger);
    this.server = new RtspServer({
      host: this.host,
      port: options.port ?? 0,
      logger: this.logger.child({ module: 'simulator' }),
      resolver: {
        resolve: (cameraId, stream) => this.resolve(cameraId, stream),
        isStopped: (cameraId) => this.cameras.get(cameraId)?.stopped ?? false,
      },
    });
  }

  get host(): string {
    return this.options.host ?? '127.0.0.1';
  }

  /** The listening port (the real one when configured as 0); valid after start(). */
  get port(): number {
    return this.server.port;
  }

  async start(): Promise<void> {
    for (const config of this.options.cameras) await this.addCamera(config);
    await this.server.listen();
    this.logger.info({ port: this.port, cameras: this.cameras.size }, 'camera simulator listening');
  }

  async stop(): Promise<void> {
    await this.server.close();
    await Promise.all([...this.cameras.keys()].map((id) => this.removeCamera(id)));
  }

  /** rtsp://host:port/<id>/<stream>, with credentials when given (never log that form). */
  url(
    cameraId: string,
    stream: SimulatedStream = 'main',
    credentials?: { username: string; password: string },
  ): string {
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    const auth = credentials
      ? `${encodeURIComponent(credentials.username)}:${encodeURIComponent(credentials.password)}@`
      : '';
    return `rtsp://${auth}${host}:${this.port}/${encodeURIComponent(cameraId)}/${stream}`;
  }

  cameraIds(): string[] {
    return [...this.cameras.keys()];
  }

  /** Adds a camera (loop cameras wait for their clip, encoding it once if not cached). */
  async addCamera(config: SimulatedCameraConfig): Promise<void> {
    if (this.cameras.has(config.id)) throw new Error(`camera ${config.id} already exists`);
    const index = this.nextIndex++;
    const streams = new Map<SimulatedStream, MediaSource>();
    const ptz = config.ptz && config.mode === 'live' ? new PtzState() : undefined;
    const state: CameraState = { config, index, streams, stopped: config.stopSending ?? false, offline: false, ptz };
    const hue = config.hue ?? (index * 47) % 360;
    const base = { fps: config.fps, gopSeconds: config.gopSeconds, pattern: config.pattern ?? 'testsrc2', hue };
    const variants: Array<[SimulatedStream, SimulatedSubStream]> = [['main', config]];
    if (config.sub) variants.push(['sub', config.sub]);
    for (const [stream, size] of variants) {
      const settings: EncodeSettings = {
        ...base,
        width: size.width,
        height: size.height,
        bitrateKbps: size.bitrateKbps,
        label: `${config.name} ${stream}`,
        clock: true,
        ...(this.font ? { font: this.font } : {}),
        ...(config.picture ? { picture: config.picture } : {}),
      };
      streams.set(stream, await this.createSource(config, stream, settings, ptz));
    }
    if (config.dropConnections) {
      state.dropTimer = setInterval(() => this.dropClients(config.id), config.dropConnections.everySeconds * 1000);
    }
    this.cameras.set(config.id, state);
  }

  async removeCamera(cameraId: string): Promise<void> {
    const state = this.cameras.get(cameraId);
    if (!state) return;
    this.cameras.delete(cameraId);
    if (state.dropTimer) clearInterval(state.dropTimer);
    this.server.dropClients(cameraId);
    await Promise.all([...state.streams.values()].map((s) => s.close()));
  }

  /** A camera that keeps its RTSP sessions but stops (or resumes) sending RTP and RTCP. */
  setStopped(cameraId: string, stopped: boolean): void {
    this.state(cameraId).stopped = stopped;
  }

  /** Closes every client connection that asked for this camera; returns how many. */
  dropClients(cameraId: string): number {
    return this.server.dropClients(cameraId);
  }

  /** The client-side TCP ports of the connections that asked for this camera: which process is its viewer. */
  clientPorts(cameraId: string): number[] {
    return this.server.clientPorts(cameraId);
  }

  /** An unreachable camera: connections asking for it are closed, now and until set back online. */
  setOffline(cameraId: string, offline: boolean): void {
    this.state(cameraId).offline = offline;
    if (offline) this.server.dropClients(cameraId);
  }

  /** What a live camera's lens sees from now on, on every stream: the scene, or a fault an image check must find. */
  async setPicture(cameraId: string, picture: PictureFault): Promise<void> {
    const sources = [...this.state(cameraId).streams.values()];
    if (!sources.every((source) => source instanceof LiveSource)) throw new Error(`${cameraId} is not a live camera`);
    await Promise.all(sources.map((source) => (source as LiveSource).setPicture(picture)));
  }

  /** Sessions currently playing, for one camera or all. */
  playingCount(cameraId?: string): number {
    return this.server.playingCount(cameraId);
  }

  /** A dome's PTZ mechanism (what its ONVIF device steers); undefined for a fixed camera. */
  ptzOf(cameraId: string): PtzState | undefined {
    return this.cameras.get(cameraId)?.ptz;
  }

  /** Pids of running live encoders (tests check none outlives stop()). */
  encoderPids(): number[] {
    const pids: number[] = [];
    for (const state of this.cameras.values()) {
      for (const source of state.streams.values()) {
        if (source instanceof LiveSource && source.encoderPid !== undefined) pids.push(source.encoderPid);
      }
    }
    return pids;
  }

  private state(cameraId: string): CameraState {
    const state = this.cameras.get(cameraId);
    if (!state) throw new Error(`no simulated camera ${cameraId}`);
    return state;
  }

  private async createSource(
    config: SimulatedCameraConfig,
    stream: SimulatedStream,
    settings: EncodeSettings,
    ptz: PtzState | undefined,
  ): Promise<MediaSource> {
    const logger = this.logger.child({ camera: config.id, stream });
    if (config.mode === 'loop') {
      const clip = await this.clips.get({
        ...settings,
        ...(this.options.loopClipSeconds !== undefined ? { minSeconds: this.options.loopClipSeconds } : {}),
      });
      return new LoopSource(clip, this.ticker);
    }
    return new LiveSource({
      ffmpegPath: this.options.ffmpegPath,
      settings,
      logger,
      ...(ptz ? { ptz } : {}),
      ...(this.options.idleStopMs !== undefined ? { idleStopMs: this.options.idleStopMs } : {}),
    });
  }

  private resolve(cameraId: string, stream: string): ResolvedStream | 'offline' | undefined {
    const state = this.cameras.get(cameraId);
    if (!state) return undefined;
    if (state.offline) return 'offline';
    const source = state.streams.get(stream as SimulatedStream);
    if (!source) return undefined;
    return { source, sessionName: `${state.config.name} ${stream}`, auth: state.config.auth };
  }
}
