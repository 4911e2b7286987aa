// The playback page: a camera in scope and a day, the player with its controls, the timeline and clip export.
import type { PlaybackConfigView, PlaybackRangesView } from '../../../src/contracts/index.js';
import { errorMessage, request } from '../shared/api.js';
import { h, icon, iconButton } from '../shared/dom.js';
import { localName, t } from '../shared/i18n.js';
import { replaceParams } from '../shared/router.js';
import type { OrgModel } from '../org/model.js';
import { installPlaybackDebugHook } from './debug-hook.js';
import { ExportPanel } from './export-panel.js';
import { RetrievePanel } from './retrieve-panel.js';
import { Timeline, type Span } from './timeline.js';
import type { RealtimeConnection } from '../shared/socket.js';
import { VodPlayer } from './vod-player.js';

export interface PlaybackPageDeps {
  model: OrgModel;
  /** Export and retrieval progress arrive over it. */
  realtime: RealtimeConnection;
}

const SPEEDS = [1, 2, 4, 8] as const;
/** While the day shown includes now, its ranges are read again this often (the live edge grows). */
const REFRESH_MS = 30_000;
/** Further into a recording than this, "previous" goes back to its start rather than to the one before. */
const PREVIOUS_SLACK_MS = 3_000;

const pad = (n: number): string => String(n).padStart(2, '0');
const dayValue = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const clock = (ms: number): string => {
  const d = new Date(ms);
  return `${dayValue(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
};

/** Local midnight of a `YYYY-MM-DD` value and of the next day. */
function dayBounds(value: string): { start: number; end: number } | null {
  const [y, m, d] = value.split('-').map(Number);
  if (!y || !m || !d) return null;
  return { start: new Date(y, m - 1, d).getTime(), end: new Date(y, m - 1, d + 1).getTime() };
}

export class PlaybackPage {
  readonly element: HTMLElement;
  private readonly camera: HTMLSelectElement;
  private readonly day: HTMLInputElement;
  private readonly reasonBox: HTMLElement;
  private readonly reasonInput: HTMLInputElement;
  private readonly message: HTMLElement;
  private readonly time: HTMLElement;
  private readonly playButton: HTMLButtonElement;
  private readonly speedButtons: HTMLButtonElement[];
  private readonly player: VodPlayer;
  private readonly timeline: Timeline;
  private readonly exportPanel: ExportPanel;
  private readonly retrievePanel: RetrievePanel;
  private config: PlaybackConfigView | null = null;
  private recorded: Span[] = [];
  private bounds: { start: number; end: number } | null = null;
  private refreshTimer: number | undefined;
  /** Bumped on every (re)load so a slow answer for an older choice is dropped. */
  private generation = 0;
  private readonly removeDebugHook: () => void;

  constructor(
    private readonly deps: PlaybackPageDeps,
    params: URLSearchParams,
  ) {
    this.camera = h('select', { testId: 'playback-camera', i18nAttrs: { 'aria-label': 'playback.camera' } });
    this.day = h('input', {
      testId: 'playback-day',
      attrs: { type: 'date' },
      i18nAttrs: { 'aria-label': 'playback.day' },
    });
    this.reasonInput = h('input', { testId: 'playback-reason', attrs: { type: 'text', maxlength: 500 } });
    const reasonConfirm = h('button', { text: 'playback.reasonConfirm', testId: 'playback-reason-confirm' });
    this.reasonBox = h('form', { className: 'playback-reason' }, [
      h('label', {}, [h('span', { text: 'playback.reason' }), this.reasonInput]),
      h('p', { className: 'hint', text: 'playback.reasonHint' }),
      reasonConfirm,
    ]);
    this.reasonBox.hidden = true;
    this.player = new VodPlayer({ onError: (message) => this.say('playback.loadFailed', message) });
    this.timeline = new Timeline({ onSeek: (ms) => this.seek(ms) });
    this.exportPanel = new ExportPanel({
      realtime: deps.realtime,
      current: () =>
        this.bounds && this.camera.value ? { cameraId: this.camera.value, dayStart: this.bounds.start } : null,
      playhead: () => this.player.playingDate(),
      reason: () => this.reason(),
      onSelection: (selection) => this.timeline.setSelection(selection),
    });
    this.retrievePanel = new RetrievePanel({
      realtime: deps.realtime,
      cameraId: () => this.camera.value || null,
      selection: () => this.exportPanel.selected(),
      reason: () => this.reason(),
      onProgress: () => this.refreshRanges(),
    });
    this.message = h('div', { className: 'playback-message', testId: 'playback-message' });
    this.time = h('output', {
      className: 'playback-time',
      testId: 'playback-time',
      i18nAttrs: { title: 'playback.playhead' },
    });
    this.playButton = iconButton('playback.play', icon(['M5 3l8 5-8 5z']), { testId: 'playback-play' });
    this.speedButtons = SPEEDS.map((speed) =>
      h('button', { className: 'speed', testId: `playback-speed-${speed}`, attrs: { type: 'button' } }, [`${speed}×`]),
    );
    const previous = iconButton('playback.previous', icon(['M11 3L5 8l6 5', 'M4 3v10']), { testId: 'playback-prev' });
    const next = iconButton('playback.next', icon(['M5 3l6 5-6 5', 'M12 3v10']), { testId: 'playback-next' });

    this.element = h('section', { className: 'playback-page', testId: 'page-playback' }, [
      h('aside', { className: 'playback-side' }, [
        h('label', {}, [h('span', { text: 'playback.camera' }), this.camera]),
        h('label', {}, [h('span', { text: 'playback.day' }), this.day]),
        this.reasonBox,
        this.exportPanel.element,
        this.retrievePanel.element,
      ]),
      h('div', { className: 'playback-main' }, [
        h('div', { className: 'playback-screen' }, [this.player.video, this.message]),
        h('div', { className: 'live-toolbar playback-controls' }, [
          previous,
          this.playButton,
          next,
          h('span', { className: 'toolbar-label', text: 'playback.speed' }),
          ...this.speedButtons,
          this.time,
        ]),
        this.timeline.element,
      ]),
    ]);

    this.fillCameras();
    this.camera.addEventListener('change', () => void this.reload(null));
    this.day.addEventListener('change', () => void this.reload(null));
    this.reasonBox.addEventListener('submit', (event) => {
      event.preventDefault();
      if (this.reasonInput.value.trim()) void this.reload(null);
    });
    this.playButton.addEventListener('click', () => this.togglePlay());
    this.speedButtons.forEach((button, index) =>
      button.addEventListener('click', () => this.setSpeed(SPEEDS[index] ?? 1)),
    );
    previous.addEventListener('click', () => this.step(-1));
    next.addEventListener('click', () => this.step(1));
    const video = this.player.video;
    video.addEventListener('timeupdate', () => this.showPlayhead());
    video.addEventListener('play', () => this.paintPlay());
    video.addEventListener('pause', () => this.paintPlay());
    this.removeDebugHook = installPlaybackDebugHook({
      player: this.player,
      seek: (ms) => this.seek(ms),
      playRange: (from, to) => this.player.load(this.playlistUrl(this.camera.value, from, to, this.reason()), from),
    });
    this.setSpeed(1);
    void this.start(params);
  }

  /** The route changed while the page is shown (back/forward, a link). */
  applyParams(params: URLSearchParams): void {
    const camera = params.get('camera');
    const day = params.get('day');
    if ((camera && camera !== this.camera.value) || (day && day !== this.day.value)) {
      if (camera) this.camera.value = camera;
      if (day) this.day.value = day;
      void this.reload(Number(params.get('t')) || null);
    }
  }

  destroy(): void {
    this.generation++;
    window.clearInterval(this.refreshTimer);
    this.exportPanel.destroy();
    this.retrievePanel.destroy();
    this.player.unload();
    this.removeDebugHook();
  }

  private async start(params: URLSearchParams): Promise<void> {
    try {
      this.config = await request<PlaybackConfigView>('/playback/config');
    } catch (error) {
      this.say('playback.loadFailed', errorMessage(error));
      return;
    }
    const camera = params.get('camera');
    if (camera && this.deps.model.camera(camera)) this.camera.value = camera;
    this.day.value = params.get('day') ?? dayValue(new Date());
    await this.reload(Number(params.get('t')) || null);
  }

  private fillCameras(): void {
    const options: HTMLElement[] = [h('option', { text: 'playback.pickCamera', attrs: { value: '' } })];
    for (const root of this.deps.model.roots) {
      for (const camera of this.deps.model.camerasUnder(root)) {
        const enterprise = this.deps.model.enterprise(camera.enterpriseId);
        const label = enterprise ? `${localName(enterprise)} · ${localName(camera)}` : localName(camera);
        options.push(h('option', { attrs: { value: camera.id } }, [label]));
      }
    }
    this.camera.replaceChildren(...options);
  }

  /** The reason for this playback; undefined (and the reason form shown) when one is required and missing. */
  private reason(): string | null | undefined {
    const reason = this.reasonInput.value.trim();
    if (reason) return reason;
    if (!this.config?.requireReason) return null;
    this.reasonBox.hidden = false;
    this.reasonInput.focus();
    return undefined;
  }

  private playlistUrl(cameraId: string, from: number, to: number, reason: string | null | undefined): string {
    const query = new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });
    if (reason) query.set('reason', reason);
    return `/playback/${encodeURIComponent(cameraId)}/vod.m3u8?${query.toString()}`;
  }

  /** Loads the ranges and the playlist of the chosen camera and day, then seeks to `atMs` or the first recording. */
  private async reload(atMs: number | null): Promise<void> {
    const generation = ++this.generation;
    window.clearInterval(this.refreshTimer);
    this.player.unload();
    this.exportPanel.reset();
    this.retrievePanel.reset(null);
    // The time under the playhead belongs to the footage that was loaded.
    this.time.textContent = '';
    delete this.time.dataset.ms;
    const cameraId = this.camera.value;
    const bounds = dayBounds(this.day.value);
    this.bounds = bounds;
    if (bounds) this.timeline.setDay(bounds.start, bounds.end);
    replaceParams('playback', new URLSearchParams({ ...(cameraId ? { camera: cameraId } : {}), day: this.day.value }));
    if (!cameraId || !bounds) return this.say('playback.noCamera');
    const reason = this.reason();
    if (reason === undefined) return this.say('playback.reasonHint');
    this.reasonBox.hidden = true;
    this.say('playback.loading');
    try {
      if (!(await this.loadRanges(cameraId, bounds, generation))) return;
      if (this.recorded.length === 0) return this.say('playback.noRecording');
      const to = Math.min(bounds.end, Date.now());
      await this.player.load(
        this.playlistUrl(cameraId, bounds.start, to, reason),
        atMs ?? this.recorded[0]?.startMs ?? null,
      );
      if (generation !== this.generation) return;
      this.say(null);
      await this.player.play().catch(() => this.paintPlay());
    } catch (error) {
      if (generation === this.generation) this.say('playback.loadFailed', errorMessage(error));
    }
    // A newer load (or the page's end) owns the timer now.
    if (generation === this.generation && bounds.end > Date.now()) {
      this.refreshTimer = window.setInterval(
        () => void this.loadRanges(cameraId, bounds, generation).catch(() => undefined),
        REFRESH_MS,
      );
    }
  }

  /** Reads the day's ranges into the timeline; false when a newer load has begun. */
  private async loadRanges(
    cameraId: string,
    bounds: { start: number; end: number },
    generation: number,
  ): Promise<boolean> {
    const query = new URLSearchParams({ from: String(bounds.start), to: String(bounds.end) });
    const ranges = await request<PlaybackRangesView>(`/playback/${encodeURIComponent(cameraId)}/ranges?${query}`);
    if (generation !== this.generation || !ranges) return false;
    this.recorded = ranges.recorded;
    this.timeline.setRanges(ranges.recorded, ranges.gaps, ranges);
    // A branch camera at the center: its ranges say what is retrieved, and its footage can be retrieved.
    const remote = ranges.retrieved !== undefined;
    if (remote !== !this.retrievePanel.element.hidden)
      this.retrievePanel.reset(remote ? (this.config?.retrievalKbps ?? 0) : null);
    this.retrievePanel.note(ranges.branchUnreachable ? t('playback.branchUnreachable') : '');
    return true;
  }

  /** The timeline of the camera and day shown, read again (a retrieval moved on). */
  private refreshRanges(): void {
    const bounds = this.bounds;
    if (this.camera.value && bounds)
      void this.loadRanges(this.camera.value, bounds, this.generation).catch(() => undefined);
  }

  private seek(ms: number): void {
    if (this.player.seek(ms)) void this.player.play().catch(() => this.paintPlay());
  }

  /** To the start of the next recording, or of this one / the previous one. */
  private step(direction: 1 | -1): void {
    const now = this.player.playingDate() ?? this.bounds?.start ?? 0;
    const starts = this.recorded.map((range) => range.startMs);
    const target =
      direction > 0
        ? starts.find((start) => start > now + 500)
        : starts.filter((start) => start < now - PREVIOUS_SLACK_MS).at(-1);
    if (target !== undefined) this.seek(target);
  }

  private togglePlay(): void {
    if (this.player.video.paused) void this.player.play().catch(() => this.paintPlay());
    else this.player.pause();
  }

  private setSpeed(speed: number): void {
    this.player.setRate(speed);
    this.speedButtons.forEach((button, index) => button.classList.toggle('active', SPEEDS[index] === speed));
  }

  private paintPlay(): void {
    const paused = this.player.video.paused;
    const label = paused ? t('playback.play') : t('playback.pause');
    this.playButton.replaceChildren(icon(paused ? ['M5 3l8 5-8 5z'] : ['M5 3v10', 'M11 3v10']));
    this.playButton.setAttribute('aria-label', label);
    this.playButton.title = label;
    this.playButton.dataset.state = paused ? 'paused' : 'playing';
  }

  private showPlayhead(): void {
    const at = this.player.playingDate();
    this.timeline.setPlayhead(at);
    this.time.textContent = at === null ? '' : clock(at);
    if (at !== null) this.time.dataset.ms = String(Math.round(at));
  }

  private say(key: Parameters<typeof t>[0] | null, message?: string): void {
    this.message.hidden = key === null;
    this.message.textContent = key === null ? '' : t(key, message === undefined ? undefined : { message });
  }
}
