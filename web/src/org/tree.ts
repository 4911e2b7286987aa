// Sidebar org tree: center → branches → enterprises (credit grade) → cameras (stage, status dot), with search.
import type { CameraSummary, OrgTreeEnterprise } from '../../../src/contracts/index.js';
import { reasonText } from './status-text.js';
import { h, iconButton, iconOf } from '../shared/dom.js';
import { gradeLabel, localName, onLanguageChange, stageLabel, statusLabel, t } from '../shared/i18n.js';
import type { OrgModel, UnitNode } from './model.js';

/** The drag payload type of a camera dragged from the tree onto a tile. */
export const CAMERA_DRAG_TYPE = 'application/x-vigil-camera';

export interface OrgTreeActions {
  /** A camera was clicked (or Enter pressed on it). */
  activateCamera(cameraId: string): void;
  /** "Show all" on a unit or an enterprise. */
  showAll(cameraIds: string[]): void;
}

export class OrgTreeView {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly count: HTMLElement;
  private readonly search: HTMLInputElement;
  private readonly collapsed = new Set<string>();
  private readonly unsubscribe: Array<() => void> = [];
  private activeCameraIds = new Set<string>();

  constructor(
    private readonly model: OrgModel,
    private readonly actions: OrgTreeActions,
  ) {
    this.count = h('span', { className: 'sidebar-count', testId: 'online-count' });
    this.search = h('input', {
      className: 'sidebar-search',
      attrs: { type: 'search', autocomplete: 'off' },
      i18nAttrs: { placeholder: 'org.search', 'aria-label': 'org.search' },
      testId: 'org-search',
    });
    this.search.addEventListener('input', () => this.render());
    this.list = h('nav', { className: 'tree', i18nAttrs: { 'aria-label': 'org.title' }, testId: 'org-tree' });
    this.element = h('aside', { className: 'sidebar' }, [
      h('div', { className: 'sidebar-head' }, [h('h2', { text: 'org.title' }), this.count]),
      this.search,
      this.list,
      h('p', { className: 'sidebar-hint', text: 'org.hint' }),
    ]);
    // Arrows move between the tree's rows and buttons (Enter opens, as a click does); Home and End go to the ends.
    this.element.addEventListener('keydown', (event) => this.onKey(event));
    this.unsubscribe.push(
      model.onCameraChange((camera) => this.updateCamera(camera)),
      onLanguageChange(() => this.render()),
    );
    this.render();
  }

  /** Highlights the cameras currently on screen. */
  setActiveCameras(ids: Iterable<string>): void {
    this.activeCameraIds = new Set(ids);
    for (const item of this.list.querySelectorAll<HTMLElement>('[data-camera-id]')) {
      item.classList.toggle('on-screen', this.activeCameraIds.has(item.dataset.cameraId ?? ''));
    }
  }

  destroy(): void {
    for (const off of this.unsubscribe) off();
  }

  private onKey(event: KeyboardEvent): void {
    const step = { ArrowDown: 1, ArrowUp: -1, Home: -Infinity, End: Infinity }[event.key];
    if (step === undefined || (event.target === this.search && event.key !== 'ArrowDown')) return;
    const rows = [...this.list.querySelectorAll<HTMLElement>('button')].filter((row) => row.offsetParent !== null);
    if (rows.length === 0) return;
    const at = rows.indexOf(document.activeElement as HTMLElement);
    const next = Number.isFinite(step)
      ? Math.min(rows.length - 1, Math.max(0, at + step))
      : step < 0
        ? 0
        : rows.length - 1;
    rows[next]?.focus();
    event.preventDefault();
  }

  private render(): void {
    const query = this.search.value.trim().toLowerCase();
    const items = this.model.roots.map((root) => this.unitItem(root, query)).filter((item) => item !== null);
    this.list.replaceChildren(
      items.length > 0
        ? h('ul', { className: 'tree-level' }, items)
        : h('p', { className: 'tree-empty', text: 'org.empty' }),
    );
    this.renderCount();
  }

  private renderCount(): void {
    this.count.textContent = t('org.onlineCount', this.model.counts());
  }

  private unitItem(node: UnitNode, query: string): HTMLElement | null {
    const unitMatches = matches(query, node.unit.name, node.unit.nameEn);
    const childQuery = unitMatches ? '' : query;
    const children = [
      ...node.children.map((child) => this.unitItem(child, childQuery)),
      ...node.unit.enterprises.map((enterprise) => this.enterpriseItem(enterprise, childQuery)),
    ].filter((item) => item !== null);
    if (children.length === 0 && query && !unitMatches) return null;
    const cameraIds = this.model.camerasUnder(node).map((camera) => camera.id);
    const row = h('span', { className: `tree-label unit-${node.unit.kind}` }, [localName(node.unit)]);
    return this.branchItem(node.unit.id, `tree-unit tree-${node.unit.kind}`, row, cameraIds, children, query !== '');
  }

  private enterpriseItem(enterprise: OrgTreeEnterprise, query: string): HTMLElement | null {
    const enterpriseMatches = matches(query, enterprise.name, enterprise.nameEn);
    const cameras = enterprise.cameras.filter(
      (camera) => enterpriseMatches || matches(query, camera.name, camera.nameEn),
    );
    if (cameras.length === 0 && query && !enterpriseMatches) return null;
    const grade = enterprise.creditGrade;
    const row = h('span', { className: 'tree-label' }, [
      h(
        'span',
        {
          className: `grade-badge grade-${grade}`,
          attrs: { title: t('org.grade', { grade }), 'aria-label': t('org.grade', { grade }) },
          testId: 'grade-badge',
        },
        [grade],
      ),
      h('span', { className: 'tree-name', attrs: { title: localName(enterprise) } }, [localName(enterprise)]),
    ]);
    const ids = enterprise.cameras.map((camera) => camera.id);
    const items = cameras.map((camera) => this.cameraItem(camera));
    const item = this.branchItem(enterprise.id, 'tree-enterprise', row, ids, items, query !== '');
    item.dataset.enterpriseId = enterprise.id;
    item.title = gradeLabel(grade);
    return item;
  }

  /** A collapsible row with a "show all in grid" button and nested items. */
  private branchItem(
    id: string,
    className: string,
    label: HTMLElement,
    cameraIds: string[],
    children: HTMLElement[],
    forceOpen: boolean,
  ): HTMLElement {
    const open = forceOpen || !this.collapsed.has(id);
    const toggle = h(
      'button',
      {
        className: 'tree-toggle',
        attrs: { type: 'button', 'aria-expanded': String(open), title: t(open ? 'org.collapse' : 'org.expand') },
      },
      [iconOf('chevron'), label],
    );
    toggle.addEventListener('click', () => {
      if (this.collapsed.has(id)) this.collapsed.delete(id);
      else this.collapsed.add(id);
      this.render();
    });
    const showAll = iconButton('org.showAll', iconOf('grid'), {
      className: 'tree-show-all',
      testId: 'show-all',
      attrs: { disabled: cameraIds.length === 0 },
    });
    showAll.addEventListener('click', () => this.actions.showAll(cameraIds));
    return h('li', { className: `${className}${open ? ' open' : ''}` }, [
      h('div', { className: 'tree-row' }, [toggle, showAll]),
      open && children.length > 0 ? h('ul', { className: 'tree-level' }, children) : null,
    ]);
  }

  private cameraItem(camera: CameraSummary): HTMLElement {
    const button = h(
      'button',
      {
        className: `camera-item${this.activeCameraIds.has(camera.id) ? ' on-screen' : ''}`,
        attrs: { type: 'button', draggable: 'true' },
        dataset: { cameraId: camera.id },
        testId: 'camera-item',
      },
      [
        h('span', { className: 'status-dot', testId: 'camera-item-status' }),
        h('span', { className: 'tree-name' }, [localName(camera)]),
        h('span', { className: `stage-chip stage-${camera.stage}` }, [stageLabel(camera.stage)]),
      ],
    );
    button.addEventListener('click', () => this.actions.activateCamera(camera.id));
    button.addEventListener('dragstart', (event) => {
      event.dataTransfer?.setData(CAMERA_DRAG_TYPE, camera.id);
      event.dataTransfer?.setData('text/plain', camera.id);
      if (event.dataTransfer) event.dataTransfer.effectAllowed = 'copy';
    });
    this.paintStatus(button, camera);
    return h('li', { className: 'tree-camera' }, [button]);
  }

  private paintStatus(button: HTMLElement, camera: CameraSummary): void {
    button.dataset.status = camera.status;
    const why = reasonText(camera);
    const reason = why ? ` — ${why}` : '';
    button.title = `${localName(camera)} · ${stageLabel(camera.stage)} · ${statusLabel(camera.status)}${reason}`;
  }

  private updateCamera(camera: CameraSummary): void {
    for (const item of this.list.querySelectorAll<HTMLElement>(`[data-camera-id="${CSS.escape(camera.id)}"]`)) {
      this.paintStatus(item, camera);
    }
    this.renderCount();
  }
}

function matches(query: string, name: string, nameEn: string | null): boolean {
  return !query || name.toLowerCase().includes(query) || (nameEn?.toLowerCase().includes(query) ?? false);
}
