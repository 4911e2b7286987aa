// Live-view toolbar: layout buttons 1/4/9/16 (keyboard-usable, aria-pressed), clear, full-screen grid.
import { h, iconButton, iconOf } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import { LAYOUTS, type Layout } from './grid.js';

export interface ToolbarActions {
  setLayout(layout: Layout): void;
  clear(): void;
  fullscreen(): void;
}

export class LiveToolbar {
  readonly element: HTMLElement;
  private readonly layoutButtons = new Map<Layout, HTMLButtonElement>();
  private readonly title: HTMLElement;

  constructor(actions: ToolbarActions) {
    const group = h('div', {
      className: 'layout-buttons',
      attrs: { role: 'group' },
      i18nAttrs: { 'aria-label': 'live.layout' },
    });
    for (const layout of LAYOUTS) {
      const button = h(
        'button',
        {
          className: 'layout-button',
          attrs: { type: 'button', 'aria-pressed': 'false' },
          dataset: { layout: String(layout) },
          testId: `layout-${layout}`,
        },
        [layoutIcon(layout), h('span', { className: 'layout-count' }, [String(layout)])],
      );
      button.addEventListener('click', () => actions.setLayout(layout));
      this.layoutButtons.set(layout, button);
      group.append(button);
    }
    const clear = iconButton('live.clearAll', iconOf('clear'), { testId: 'grid-clear' });
    clear.addEventListener('click', () => actions.clear());
    const fullscreen = iconButton('live.fullscreenGrid', iconOf('fullscreen'), { testId: 'grid-fullscreen' });
    fullscreen.addEventListener('click', () => actions.fullscreen());
    this.title = h('span', { className: 'toolbar-title', testId: 'view-title' });
    this.element = h('div', { className: 'live-toolbar' }, [
      h('span', { className: 'toolbar-label', text: 'live.layout' }),
      group,
      this.title,
      h('span', { className: 'toolbar-spacer' }),
      clear,
      fullscreen,
    ]);
    this.translate();
  }

  update(layout: Layout, title: string): void {
    for (const [value, button] of this.layoutButtons) {
      button.setAttribute('aria-pressed', String(value === layout));
    }
    this.title.textContent = title;
  }

  /** Labels with a number inside are not plain dictionary texts: set them again after a language change. */
  translate(): void {
    for (const [layout, button] of this.layoutButtons) {
      const label = t('live.layoutN', { n: layout });
      button.setAttribute('aria-label', label);
      button.title = label;
    }
  }
}

/** A tiny picture of the layout: n cells in a √n × √n grid. */
function layoutIcon(layout: Layout): HTMLElement {
  const side = Math.sqrt(layout);
  const cells = Array.from({ length: layout }, () => h('span'));
  const icon = h('span', { className: 'layout-icon', attrs: { 'aria-hidden': 'true' } }, cells);
  icon.style.setProperty('--side', String(side));
  return icon;
}
