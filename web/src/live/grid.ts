// The tile wall: layout 1/4/9/16, which camera sits in which tile, selection, and tile player lifecycles.
import type { CameraSummary } from '../../../src/contracts/index.js';
import { h } from '../shared/dom.js';
import { localName } from '../shared/i18n.js';
import type { OrgModel } from '../org/model.js';
import type { LivePlayer } from './player.js';
import { Tile } from './tile.js';

export const LAYOUTS = [1, 4, 9, 16] as const;
export type Layout = (typeof LAYOUTS)[number];
export const MAX_TILES = 16;

export const isLayout = (value: number): value is Layout => (LAYOUTS as readonly number[]).includes(value);

/** The smallest layout that holds `count` cameras (16 at most). */
export const layoutFor = (count: number): Layout => LAYOUTS.find((layout) => layout >= count) ?? 16;

export interface GridListener {
  /** Layout, assignments or selection changed (the page updates the URL, the tree and the toolbar). */
  viewChanged(): void;
  playerChanged(index: number, cameraId: string | null, player: LivePlayer | null): void;
}

export class Grid {
  readonly element: HTMLElement;
  private readonly tiles: Tile[];
  /** Cameras of the multi-tile layouts, by tile index. */
  private readonly cells: Array<string | null> = Array.from({ length: MAX_TILES }, () => null);
  /** The camera of the single view (layout 1, main stream). */
  private single: string | null = null;
  private current: Layout = 4;
  /** The grid a single view was opened from, and its selected tile: Esc goes back to them. */
  private previous = { layout: 4 as Layout, selected: 0 };
  private selectedIndex = 0;
  private pageVisible = !document.hidden;

  constructor(
    private readonly model: OrgModel,
    private readonly listener: GridListener,
  ) {
    this.tiles = Array.from(
      { length: MAX_TILES },
      (_, index) =>
        new Tile(index, {
          select: (i) => this.select(i),
          close: (i) => this.assign(i, null),
          single: (i) => {
            this.openSingle(this.cameraAt(i));
            // The single view's tile takes the focus, so that Esc (and the arrows after it) keep working.
            this.tiles[0]?.element.focus();
          },
          drop: (i, payload) =>
            'cameraId' in payload ? this.assign(i, payload.cameraId) : this.swap(payload.fromTile, i),
          playerChanged: (i, player) => this.listener.playerChanged(i, this.cameraAt(i), player),
        }),
    );
    this.element = h(
      'div',
      { className: 'grid', testId: 'grid' },
      this.tiles.map((tile) => tile.element),
    );
    this.element.addEventListener('keydown', (event) => this.onKey(event));
    this.apply(false);
  }

  get layout(): Layout {
    return this.current;
  }

  get selected(): number {
    return this.selectedIndex;
  }

  /** Camera ids per visible tile (null for empty tiles). */
  visibleCameras(): Array<string | null> {
    return this.current === 1 ? [this.single] : this.cells.slice(0, this.current);
  }

  tileStates(): Array<{ tileIndex: number; cameraId: string | null; state: string }> {
    return this.tiles
      .slice(0, this.current)
      .map((tile) => ({ tileIndex: tile.index, cameraId: tile.cameraId, state: tile.element.dataset.state ?? '' }));
  }

  setLayout(layout: Layout): void {
    if (layout === 1 && this.single === null)
      this.single = this.cells[this.selectedIndex] ?? this.cells.find(Boolean) ?? null;
    this.current = layout;
    this.selectedIndex = Math.min(this.selectedIndex, layout - 1);
    this.apply();
  }

  openSingle(cameraId: string | null): void {
    if (this.current > 1) this.previous = { layout: this.current, selected: this.selectedIndex };
    this.single = cameraId;
    this.current = 1;
    this.selectedIndex = 0;
    this.apply();
  }

  /** Fills the grid with `cameraIds` in order, in the layout given or the smallest that holds them. */
  showMany(cameraIds: Array<string | null>, layout: Layout = layoutFor(cameraIds.length)): void {
    if (layout === 1) {
      this.openSingle(cameraIds.find((id) => id !== null) ?? null);
      return;
    }
    this.cells.fill(null);
    cameraIds.slice(0, MAX_TILES).forEach((id, index) => (this.cells[index] = id));
    this.current = layout;
    const firstEmpty = this.cells.slice(0, layout).indexOf(null);
    this.selectedIndex = firstEmpty >= 0 ? firstEmpty : 0;
    this.apply();
  }

  /** A camera clicked in the tree: the single view shows it; a grid puts it in the selected tile and moves on. */
  place(cameraId: string): void {
    if (this.current === 1) {
      this.openSingle(cameraId);
      return;
    }
    const index = this.selectedIndex;
    this.cells[index] = cameraId;
    const nextEmpty = this.cells.slice(0, this.current).findIndex((id, i) => id === null && i > index);
    this.selectedIndex = nextEmpty >= 0 ? nextEmpty : (index + 1) % this.current;
    this.apply();
  }

  assign(index: number, cameraId: string | null): void {
    if (this.current === 1) this.single = cameraId;
    else this.cells[index] = cameraId;
    this.apply();
  }

  clear(): void {
    this.cells.fill(null);
    this.single = null;
    this.selectedIndex = 0;
    this.apply();
  }

  select(index: number): void {
    this.selectedIndex = index;
    this.tiles.forEach((tile) => tile.setSelected(tile.index === index));
    this.listener.viewChanged();
  }

  /** Players run only while the page is visible: hidden tabs free their connections. */
  setPageVisible(visible: boolean): void {
    this.pageVisible = visible;
    this.apply();
  }

  /** A camera's status, health or live URLs changed. */
  refreshCamera(camera: CameraSummary): void {
    for (const tile of this.tiles) {
      if (tile.cameraId === camera.id) tile.show(this.content(camera.id)); // the sub stream may have appeared
    }
  }

  refreshAll(): void {
    this.apply();
  }

  tick(): void {
    for (const tile of this.tiles.slice(0, this.current)) tile.tickLatency();
  }

  players(): Map<number, LivePlayer> {
    const players = new Map<number, LivePlayer>();
    for (const tile of this.tiles) {
      const player = tile.currentPlayer();
      if (player) players.set(tile.index, player);
    }
    return players;
  }

  destroy(): void {
    for (const tile of this.tiles) tile.destroy();
  }

  /** Arrows move between the tiles of a grid; Esc in a single view goes back to the grid it came from. */
  private onKey(event: KeyboardEvent): void {
    const columns = Math.sqrt(this.current);
    const moves: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -columns, ArrowDown: columns };
    const move = moves[event.key];
    if (move !== undefined && this.current > 1) {
      const next = this.selectedIndex + move;
      const sameRow = Math.abs(move) > 1 || Math.floor(next / columns) === Math.floor(this.selectedIndex / columns);
      if (next < 0 || next >= this.current || !sameRow) return;
      this.select(next);
      this.tiles[next]?.element.focus();
    } else if (event.key === 'Escape' && this.current === 1 && !document.fullscreenElement) {
      this.setLayout(this.previous.layout);
      this.select(this.previous.selected);
      this.tiles[this.selectedIndex]?.element.focus();
    } else {
      return;
    }
    event.preventDefault();
  }

  private cameraAt(index: number): string | null {
    return this.current === 1 ? this.single : (this.cells[index] ?? null);
  }

  private swap(from: number, to: number): void {
    if (this.current === 1 || from === to || !Number.isInteger(from)) return;
    const moved = this.cells[from] ?? null;
    this.cells[from] = this.cells[to] ?? null;
    this.cells[to] = moved;
    this.apply();
  }

  /** Pushes the view state into the tiles: content, visibility, selection; then tells the page. */
  private apply(notify = true): void {
    this.element.dataset.layout = String(this.current);
    this.element.style.setProperty('--grid-columns', String(Math.sqrt(this.current)));
    for (const tile of this.tiles) {
      const visible = tile.index < this.current;
      tile.element.hidden = !visible;
      tile.show(visible ? this.content(this.cameraAt(tile.index)) : null);
      tile.setActive(visible && this.pageVisible);
      tile.setSelected(visible && tile.index === this.selectedIndex && this.current > 1);
    }
    if (notify) this.listener.viewChanged();
  }

  private content(cameraId: string | null): Parameters<Tile['show']>[0] {
    const camera = cameraId ? this.model.camera(cameraId) : undefined;
    if (!camera) return null;
    const enterprise = this.model.enterprise(camera.enterpriseId);
    return {
      camera,
      enterpriseName: enterprise ? localName(enterprise) : camera.enterpriseName,
      // A branch hub's camera comes over a thin WAN link: its sub stream, even in a single view, when it has one.
      stream: camera.live?.sub && (this.current > 1 || camera.remote) ? 'sub' : 'main',
    };
  }
}
