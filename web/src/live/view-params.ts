// The live view in the address: `?camera=<id>`, `?grid=16&cameras=a,b` or `?grid=16&all=1`, and the last view seen.
import type { OrgModel } from '../org/model.js';
import { isLayout, layoutFor, MAX_TILES, type Grid } from './grid.js';

const LAST_VIEW_KEY = 'vigil.liveView';
const DEFAULT_LAYOUT = 4;
const VIEW_PARAMS = ['camera', 'grid', 'cameras', 'all'];

const hasView = (params: URLSearchParams): boolean => VIEW_PARAMS.some((name) => params.has(name));

/** Opens the view the address asks for; without one, the last view seen, else the first cameras in the default grid. */
export function openView(grid: Grid, model: OrgModel, params: URLSearchParams): void {
  const view = hasView(params) ? params : new URLSearchParams(window.localStorage.getItem(LAST_VIEW_KEY) ?? '');
  if (!hasView(view)) {
    grid.showMany(
      model
        .allCameras()
        .slice(0, DEFAULT_LAYOUT)
        .map((camera) => camera.id),
      DEFAULT_LAYOUT,
    );
    return;
  }
  const camera = view.get('camera');
  if (camera) {
    grid.openSingle(camera);
    return;
  }
  const all = view.get('all') === '1' || view.get('all') === 'true';
  const cells = all
    ? model.allCameras().map((c) => c.id)
    : (view.get('cameras') ?? '').split(',').map((id) => id.trim() || null);
  while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
  const asked = Number(view.get('grid'));
  const fitting = cells.length > 0 ? layoutFor(cells.length) : DEFAULT_LAYOUT;
  grid.showMany(cells.slice(0, MAX_TILES), isLayout(asked) ? asked : fitting);
}

/** The address of what the grid shows. */
export function viewParams(grid: Grid): URLSearchParams {
  const visible = grid.visibleCameras();
  const params = new URLSearchParams();
  if (grid.layout === 1 && visible[0]) params.set('camera', visible[0]);
  else {
    params.set('grid', String(grid.layout));
    const cells = visible.map((id) => id ?? '');
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    if (cells.length > 0) params.set('cameras', cells.join(','));
  }
  return params;
}

/** The view opened when the live page is entered without one in its address. */
export function rememberView(params: URLSearchParams): void {
  window.localStorage.setItem(LAST_VIEW_KEY, params.toString());
}
