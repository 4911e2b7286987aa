// The live view: org tree + toolbar + tile wall, wired to realtime status, page visibility, the URL and the debug hook.
import type { CameraStatusMessage, CameraSummary, StreamHealth } from '../../../src/contracts/index.js';
import { api } from '../shared/api.js';
import { h } from '../shared/dom.js';
import { localName, onLanguageChange, t } from '../shared/i18n.js';
import { replaceParams } from '../shared/router.js';
import type { RealtimeConnection } from '../shared/socket.js';
import type { OrgModel } from '../org/model.js';
import { OrgTreeView } from '../org/tree.js';
import { installDebugHook, removeDebugHook, type DebugPlayer } from './debug-hook.js';
import { toggleFullscreen } from './fullscreen.js';
import { Grid, isLayout, layoutFor, MAX_TILES } from './grid.js';
import type { LivePlayer } from './player.js';
import { LiveToolbar } from './toolbar.js';

const LAST_VIEW_KEY = 'vigil.liveView';
/** Cameras that came online without live URLs make us re-read `/api/cameras`, at most this often. */
const REFETCH_DELAY_MS = 1_000;
const DEFAULT_LAYOUT = 4;

export interface LivePageDeps {
  model: OrgModel;
  realtime: RealtimeConnection;
}

export class LivePage {
  readonly element: HTMLElement;
  private readonly tree: OrgTreeView;
  private readonly grid: Grid;
  private readonly toolbar: LiveToolbar;
  private readonly debugPlayers: Map<number, DebugPlayer>;
  private readonly cleanups: Array<() => void> = [];
  private refetchTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly deps: LivePageDeps,
    params: URLSearchParams,
  ) {
    const { model } = deps;
    this.tree = new OrgTreeView(model, {
      activateCamera: (id) => this.grid.place(id),
      showAll: (ids) => this.grid.showMany(ids),
    });
    this.grid = new Grid(model, {
      viewChanged: () => this.viewChanged(),
      playerChanged: (index, cameraId, player) => this.playerChanged(index, cameraId, player),
    });
    this.toolbar = new LiveToolbar({
      setLayout: (layout) => this.grid.setLayout(layout),
      clear: () => this.grid.clear(),
      fullscreen: () => toggleFullscreen(this.grid.element),
    });
    this.element = h('div', { className: 'live-page' }, [
      this.tree.element,
      h('section', { className: 'live-main' }, [this.toolbar.element, this.grid.element]),
    ]);
    // Double-click in the tree always opens the single view (a click fills the selected grid tile).
    this.tree.element.addEventListener('dblclick', (event) => {
      const item = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-camera-id]') : null;
      if (item?.dataset.cameraId) this.grid.openSingle(item.dataset.cameraId);
    });
    this.debugPlayers = installDebugHook({
      latencyOf: (index) => this.grid.players().get(index)?.latencyMs() ?? null,
      tiles: () => this.grid.tileStates(),
      layout: () => this.grid.layout,
    });
    this.wire();
    this.applyParams(params);
  }

  /** Opens the view the URL asks for: `?camera=<id>`, `?grid=16&cameras=a,b` or `?grid=16&all=1`. */
  applyParams(params: URLSearchParams): void {
    const { model } = this.deps;
    const view = hasViewParams(params) ? params : storedParams();
    if (!hasViewParams(view)) {
      // First visit: the default grid with the first cameras.
      this.grid.showMany(
        model
          .allCameras()
          .slice(0, DEFAULT_LAYOUT)
          .map((c) => c.id),
        DEFAULT_LAYOUT,
      );
      return;
    }
    const camera = view.get('camera');
    if (camera) {
      this.grid.openSingle(camera);
      return;
    }
    const all = view.get('all') === '1' || view.get('all') === 'true';
    const cells = all
      ? model.allCameras().map((c) => c.id)
      : (view.get('cameras') ?? '').split(',').map((id) => id.trim() || null);
    while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
    const asked = Number(view.get('grid'));
    const fitting = cells.length > 0 ? layoutFor(cells.length) : DEFAULT_LAYOUT;
    this.grid.showMany(cells.slice(0, MAX_TILES), isLayout(asked) ? asked : fitting);
  }

  destroy(): void {
    clearTimeout(this.refetchTimer);
    for (const cleanup of this.cleanups) cleanup();
    this.tree.destroy();
    this.grid.destroy();
    removeDebugHook();
  }

  private wire(): void {
    const { model, realtime } = this.deps;
    const { socket } = realtime;
    const onStatus = (message: CameraStatusMessage): void => {
      if (!model.applyStatus(message)) return;
      const camera = model.camera(message.cameraId);
      if (camera && !camera.live && (message.status === 'online' || message.status === 'starting')) this.refetchSoon();
    };
    const onHealth = (message: { cameraId: string; main: StreamHealth | null; sub: StreamHealth | null }): void =>
      model.applyHealth(message.cameraId, message.main, message.sub);
    socket.on('camera:status', onStatus);
    socket.on('camera:health', onHealth);
    const onVisibility = (): void => this.grid.setPageVisible(!document.hidden);
    document.addEventListener('visibilitychange', onVisibility);
    const ticker = setInterval(() => this.grid.tick(), 1_000);
    this.cleanups.push(
      () => socket.off('camera:status', onStatus),
      () => socket.off('camera:health', onHealth),
      () => document.removeEventListener('visibilitychange', onVisibility),
      () => clearInterval(ticker),
      model.onCameraChange((camera: CameraSummary) => this.grid.refreshCamera(camera)),
      onLanguageChange(() => {
        this.toolbar.translate();
        this.grid.refreshAll();
      }),
      // After a reconnect the statuses we hold may be stale: re-read them.
      realtime.onConnectionChange((connected) => connected && this.refetchSoon()),
    );
  }

  private refetchSoon(): void {
    if (this.refetchTimer !== undefined) return;
    this.refetchTimer = setTimeout(() => {
      this.refetchTimer = undefined;
      api
        .cameras()
        .then((list) => this.deps.model.merge(list.cameras))
        .catch((error: unknown) => console.warn('could not refresh cameras', error));
    }, REFETCH_DELAY_MS);
  }

  private viewChanged(): void {
    const visible = this.grid.visibleCameras();
    const ids = visible.filter((id): id is string => id !== null);
    this.tree.setActiveCameras(ids);
    this.deps.realtime.watch(ids);
    const layout = this.grid.layout;
    const single = layout === 1 && ids[0] ? this.deps.model.camera(ids[0]) : undefined;
    this.toolbar.update(layout, single ? localName(single) : t('live.layoutN', { n: layout }));
    const params = new URLSearchParams();
    if (layout === 1 && ids[0]) params.set('camera', ids[0]);
    else {
      params.set('grid', String(layout));
      const cells = visible.map((id) => id ?? '');
      while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
      if (cells.length > 0) params.set('cameras', cells.join(','));
    }
    replaceParams('live', params);
    window.localStorage.setItem(LAST_VIEW_KEY, params.toString());
  }

  private playerChanged(index: number, cameraId: string | null, player: LivePlayer | null): void {
    if (!player) {
      this.debugPlayers.delete(index);
      return;
    }
    this.debugPlayers.set(index, {
      cameraId,
      get hls() {
        return player.hls;
      },
      video: player.video,
    });
  }
}

const VIEW_PARAMS = ['camera', 'grid', 'cameras', 'all'];
const hasViewParams = (params: URLSearchParams): boolean => VIEW_PARAMS.some((name) => params.has(name));

function storedParams(): URLSearchParams {
  return new URLSearchParams(window.localStorage.getItem(LAST_VIEW_KEY) ?? '');
}
