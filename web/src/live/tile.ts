// One video tile: camera caption, live status badge, latency, snapshot poster, player lifecycle and messages.
import type { CameraStatus, CameraSummary, StreamName, TranscodeStatus } from '../../../src/contracts/index.js';
import { snapshotUrl } from '../shared/api.js';
import { reasonText } from '../org/status-text.js';
import { h, iconButton, iconOf } from '../shared/dom.js';
import { localName, stageLabel, statusLabel, t } from '../shared/i18n.js';
import { CAMERA_DRAG_TYPE } from '../org/camera-drag.js';
import { toggleFullscreen } from './fullscreen.js';
import { LivePlayer, type PlayerState } from './player.js';
import { TranscodeWatch } from './transcode-watch.js';

export const TILE_DRAG_TYPE = 'application/x-vigil-tile';

export interface TileActions {
  select(index: number): void;
  close(index: number): void;
  single(index: number): void;
  /** A camera (from the tree) or another tile's camera was dropped here. */
  drop(index: number, payload: { cameraId: string } | { fromTile: number }): void;
  /** The tile's player started or stopped (for the debug hook and the latency ticker). */
  playerChanged(index: number, player: LivePlayer | null): void;
}

export interface TileContent {
  camera: CameraSummary;
  enterpriseName: string;
  stream: StreamName;
}

/** Statuses in which the hub has (or is getting) a live stream worth asking for. */
const PLAYABLE: ReadonlySet<CameraStatus> = new Set(['online', 'starting', 'reconnecting', 'idle']);
/** Snapshots are refreshed at most this often while a tile is not playing. */
const SNAPSHOT_MIN_INTERVAL_MS = 10_000;

export class Tile {
  readonly element: HTMLElement;
  private readonly video: HTMLVideoElement;
  private readonly poster: HTMLImageElement;
  private readonly name: HTMLElement;
  private readonly subtitle: HTMLElement;
  private readonly badge: HTMLElement;
  private readonly latency: HTMLElement;
  private readonly streamInfo: HTMLElement;
  private readonly message: HTMLElement;
  private readonly placeholder: HTMLElement;
  private content: TileContent | null = null;
  private player: LivePlayer | null = null;
  private playerState: PlayerState | null = null;
  private active = false;
  private snapshotAt = 0;
  /** The camera's own stream failed to decode here: the tile plays the hub's H.264 transcode instead. */
  private codecFailed = false;
  /** What the hub's transcode makes and costs, while the tile plays it. */
  private transcode: TranscodeWatch | null = null;

  constructor(
    readonly index: number,
    private readonly actions: TileActions,
  ) {
    this.video = h('video', { className: 'tile-video', attrs: { muted: true, playsinline: true } });
    this.poster = h('img', { className: 'tile-poster', attrs: { alt: '' } });
    this.poster.addEventListener('error', () => this.poster.classList.remove('loaded'));
    this.poster.addEventListener('load', () => this.poster.classList.add('loaded'));
    this.name = h('span', { className: 'tile-name', testId: 'tile-name' });
    this.subtitle = h('span', { className: 'tile-subtitle' });
    this.badge = h('span', { className: 'status-badge', testId: 'tile-status', attrs: { role: 'status' } });
    this.latency = h('span', {
      className: 'tile-latency',
      testId: 'tile-latency',
      i18nAttrs: { title: 'live.latencyTitle' },
    });
    this.streamInfo = h('span', { className: 'tile-stream', testId: 'tile-stream' });
    this.message = h('div', { className: 'tile-message', testId: 'tile-message', attrs: { 'aria-live': 'polite' } });
    this.placeholder = h('div', { className: 'tile-empty' }, [
      h('span', { className: 'tile-number' }, [String(index + 1)]),
      h('span', { text: 'live.tileEmpty' }),
    ]);
    this.element = h(
      'div',
      {
        className: 'tile empty',
        testId: 'tile',
        attrs: { tabindex: 0, role: 'group' },
        dataset: { tileIndex: String(index) },
      },
      [
        this.poster,
        this.video,
        this.placeholder,
        this.message,
        h('div', { className: 'tile-top' }, [
          h('div', { className: 'tile-caption' }, [this.name, this.subtitle]),
          this.badge,
        ]),
        h('div', { className: 'tile-bottom' }, [this.latency, this.streamInfo, this.actionButtons()]),
      ],
    );
    this.bindEvents();
    this.render();
  }

  get cameraId(): string | null {
    return this.content?.camera.id ?? null;
  }

  get state(): PlayerState | null {
    return this.playerState;
  }

  currentPlayer(): LivePlayer | null {
    return this.player;
  }

  /** Shows a camera (or nothing); restarts the player when the camera or the stream changed. */
  show(content: TileContent | null): void {
    const same =
      content?.camera.id === this.content?.camera.id && content?.stream === this.content?.stream && content !== null;
    this.content = content;
    this.snapshotAt = same ? this.snapshotAt : 0;
    if (!same) {
      this.stopPlayer();
      this.codecFailed = false;
    }
    this.sync();
  }

  /** Whether this tile may hold a player (visible in the layout and the page visible). */
  setActive(active: boolean): void {
    this.active = active;
    this.sync();
  }

  setSelected(selected: boolean): void {
    this.element.classList.toggle('selected', selected);
    this.element.setAttribute('aria-current', String(selected));
  }

  /** The camera's status, health or the language changed. */
  refresh(): void {
    this.sync();
  }

  /** Called once a second by the page. */
  tickLatency(): void {
    const ms = this.player?.latencyMs() ?? null;
    const shown = this.playerState?.kind === 'playing' && ms !== null ? ms : null;
    this.latency.dataset.latencyMs = shown === null ? '' : String(Math.round(shown));
    this.latency.textContent = `${t('live.latency')} ${shown === null ? '—' : `${(shown / 1000).toFixed(1)} s`}`;
    this.latency.dataset.level = shown === null ? 'unknown' : shown < 2_000 ? 'good' : shown < 5_000 ? 'fair' : 'poor';
  }

  destroy(): void {
    this.stopPlayer();
    this.element.remove();
  }

  private actionButtons(): HTMLElement {
    const single = iconButton('live.tileSingle', iconOf('single'), { testId: 'tile-single' });
    single.addEventListener('click', (event) => {
      event.stopPropagation();
      this.actions.single(this.index);
    });
    const fullscreen = iconButton('live.tileFullscreen', iconOf('fullscreen'), { testId: 'tile-fullscreen' });
    fullscreen.addEventListener('click', (event) => {
      event.stopPropagation();
      toggleFullscreen(this.element);
    });
    const close = iconButton('live.tileClose', iconOf('close'), { testId: 'tile-close' });
    close.addEventListener('click', (event) => {
      event.stopPropagation();
      this.actions.close(this.index);
    });
    return h('span', { className: 'tile-actions' }, [single, fullscreen, close]);
  }

  private bindEvents(): void {
    const el = this.element;
    el.addEventListener('click', () => {
      this.actions.select(this.index);
      if (this.playerState?.kind === 'blocked') this.player?.retryNow();
    });
    el.addEventListener('dblclick', () => toggleFullscreen(el));
    el.addEventListener('keydown', (event) => {
      if (event.target !== el) return;
      // Enter opens the tile's camera alone (Esc comes back); Space selects the tile for the next camera.
      if (event.key === 'Enter' && this.content) this.actions.single(this.index);
      else if (event.key === 'Enter' || event.key === ' ') this.actions.select(this.index);
      else if (event.key === 'Delete' || event.key === 'Backspace') this.actions.close(this.index);
      else if (event.key === 'f' || event.key === 'F') toggleFullscreen(el);
      else return;
      event.preventDefault();
    });
    el.addEventListener('dragstart', (event) => {
      if (!this.content) return;
      event.dataTransfer?.setData(TILE_DRAG_TYPE, String(this.index));
    });
    el.addEventListener('dragover', (event) => {
      const types = event.dataTransfer?.types ?? [];
      if (!types.includes(CAMERA_DRAG_TYPE) && !types.includes(TILE_DRAG_TYPE)) return;
      event.preventDefault();
      el.classList.add('drop-target');
    });
    el.addEventListener('dragleave', () => el.classList.remove('drop-target'));
    el.addEventListener('drop', (event) => {
      el.classList.remove('drop-target');
      const cameraId = event.dataTransfer?.getData(CAMERA_DRAG_TYPE);
      const fromTile = event.dataTransfer?.getData(TILE_DRAG_TYPE);
      if (!cameraId && !fromTile) return;
      event.preventDefault();
      this.actions.drop(this.index, cameraId ? { cameraId } : { fromTile: Number(fromTile) });
    });
  }

  /**
   * Starts or stops the player to match camera, status and visibility, then redraws. H.265 this browser cannot
   * decode (known from the camera's codec string, or found when the player failed on it) plays the hub's H.264
   * transcode when the hub offers one.
   */
  private sync(): void {
    const camera = this.content?.camera;
    const stream = this.content?.stream ?? 'main';
    const live = camera?.live ?? null;
    const direct = live ? (stream === 'sub' && live.sub) || live.main : null;
    const transcoded = camera !== undefined && (this.codecFailed || !canDecode(camera, stream));
    const url = transcoded ? (live?.transcode ?? null) : direct;
    const wanted = this.active && camera !== undefined && direct !== null && PLAYABLE.has(camera.status);
    if (!wanted || (this.player && this.player.url !== url)) this.stopPlayer();
    if (wanted && url === null) this.playerState = { kind: 'codec', mimeType: null };
    else if (wanted && url && !this.player) this.startPlayer(url, transcoded);
    else if (wanted && camera.status === 'online' && this.playerState?.kind === 'retrying') this.player?.retryNow();
    this.render();
  }

  private startPlayer(url: string, transcoded: boolean): void {
    // Before the player: its first state ('loading') is drawn at once, already as a transcode.
    if (transcoded) this.transcode = new TranscodeWatch(url, () => this.render());
    const player = new LivePlayer(this.video, url, (state) => {
      this.playerState = state;
      // The camera's own stream turned out not to decode here: switch to the transcode (once per camera shown).
      if (state.kind === 'codec' && !transcoded && this.content?.camera.live?.transcode) {
        this.codecFailed = true;
        this.sync();
        return;
      }
      this.render();
    });
    this.player = player;
    this.actions.playerChanged(this.index, player);
  }

  private stopPlayer(): void {
    this.playerState = null;
    this.transcode?.stop();
    this.transcode = null;
    if (!this.player) return;
    this.player.destroy();
    this.player = null;
    this.actions.playerChanged(this.index, null);
  }

  private render(): void {
    const content = this.content;
    this.element.classList.toggle('empty', content === null);
    this.element.draggable = content !== null;
    this.element.setAttribute('aria-label', t('live.tile', { n: this.index + 1 }));
    if (!content) {
      this.element.removeAttribute('data-camera-id');
      this.element.dataset.state = 'empty';
      this.message.textContent = '';
      this.poster.classList.remove('loaded');
      this.poster.removeAttribute('src');
      return;
    }
    const { camera, stream } = content;
    this.element.dataset.cameraId = camera.id;
    this.element.dataset.state = this.playerState?.kind ?? 'stopped';
    this.element.setAttribute('aria-label', `${t('live.tile', { n: this.index + 1 })}: ${localName(camera)}`);
    this.name.textContent = localName(camera);
    this.subtitle.textContent = `${content.enterpriseName} · ${stageLabel(camera.stage)}`;
    this.badge.dataset.status = camera.status;
    this.badge.textContent = statusLabel(camera.status);
    this.badge.title = reasonText(camera) ?? statusLabel(camera.status);
    this.element.dataset.transcoded = String(this.transcode !== null);
    this.streamInfo.textContent = this.transcode ? transcodeText(this.transcode.status) : streamText(camera, stream);
    this.streamInfo.title = this.transcode ? t('live.transcodedTitle') : '';
    this.message.textContent = this.messageText(camera);
    this.message.dataset.kind = this.playerState?.kind ?? camera.status;
    this.updatePoster(camera);
    this.tickLatency();
  }

  private messageText(camera: CameraSummary): string {
    const state = this.playerState;
    if (state?.kind === 'codec') {
      return state.mimeType && !/hvc|hev/i.test(state.mimeType) && !isHevc(camera)
        ? t('live.unsupported')
        : t('live.h265');
    }
    if (camera.status === 'offline') {
      const reason = reasonText(camera);
      return reason ? t('live.offlineReason', { reason }) : statusLabel('offline');
    }
    if (camera.status === 'disabled') return statusLabel('disabled');
    if (!camera.live) return reasonText(camera) ?? t('live.noStream');
    switch (state?.kind) {
      case 'loading':
        return t(this.transcode ? 'live.transcodeLoading' : 'live.loading');
      case 'buffering':
        return t('live.buffering');
      case 'retrying':
        return state.reason
          ? t('live.refused', { reason: state.reason, seconds: Math.ceil(state.delayMs / 1000) })
          : t('live.retrying', { seconds: Math.ceil(state.delayMs / 1000), attempt: state.attempt });
      case 'unsupported':
        return t('live.unsupported');
      case 'blocked':
        return t('live.clickToPlay');
      default:
        return '';
    }
  }

  /** The latest snapshot as a poster while the video is not playing (failures just leave it blank). */
  private updatePoster(camera: CameraSummary): void {
    const playing = this.playerState?.kind === 'playing';
    this.poster.hidden = playing;
    if (playing || Date.now() - this.snapshotAt < SNAPSHOT_MIN_INTERVAL_MS) return;
    this.snapshotAt = Date.now();
    this.poster.src = snapshotUrl(camera.id);
  }
}

const HEVC = /hevc|h\.?265|hvc1|hev1/i;

function isHevc(camera: CameraSummary): boolean {
  return HEVC.test(camera.health?.main?.codec ?? '');
}

/**
 * False when the hub reports H.265 and this browser's MediaSource cannot take the stream's own codec string (the
 * `hvc1.…`/`hev1.…` of its init segment, which hls.js will ask about too): no point in loading it.
 */
function canDecode(camera: CameraSummary, stream: StreamName): boolean {
  const codec = camera.health?.[stream]?.codec ?? '';
  if (!HEVC.test(codec) || typeof MediaSource === 'undefined') return true;
  // Only a full RFC 6381 string names profile and level; a bare name is asked about as Main profile, level 3.1.
  const asked = /^(hvc1|hev1)\./.test(codec) ? codec : 'hvc1.1.6.L93.B0';
  return MediaSource.isTypeSupported(`video/mp4; codecs="${asked}"`);
}

/** "转码 H.264 640×360 · 15 fps · 420 kb/s · CPU 12%": what the tile plays and what the hub pays for it. */
function transcodeText(status: TranscodeStatus | null): string {
  const size = status?.width && status.height ? `${status.width}×${status.height}` : null;
  const fps = status?.fps ? `${Math.round(status.fps)} fps` : null;
  const rate = status?.bitrateKbps ? `${Math.round(status.bitrateKbps)} kb/s` : null;
  const cpu =
    status?.cpuPercent !== null && status?.cpuPercent !== undefined ? `CPU ${Math.round(status.cpuPercent)}%` : null;
  const head = [t('live.transcoded'), size].filter(Boolean).join(' ');
  return [head, fps, rate, cpu].filter(Boolean).join(' · ');
}

function streamText(camera: CameraSummary, stream: StreamName): string {
  const health = camera.health?.[stream] ?? null;
  const label = t(stream === 'sub' ? 'live.streamSub' : 'live.streamMain');
  if (!health) return label;
  const size = health.width && health.height ? `${health.width}×${health.height}` : null;
  const fps = health.fps ? `${Math.round(health.fps)} fps` : null;
  const rate = health.bitrateKbps ? `${Math.round(health.bitrateKbps)} kb/s` : null;
  return [label, health.codec?.toUpperCase(), size, fps, rate].filter(Boolean).join(' · ');
}
