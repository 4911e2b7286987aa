// A minimal tab strip for the admin page: the camera tabs (other admin tabs join the same list).
import { h } from '../../shared/dom.js';
import { camerasTab } from './cameras-tab.js';
import { discoveryTab } from './discovery-tab.js';
import type { AdminTab } from './form-fields.js';
import { importTab } from './import-tab.js';
import { pushTab } from './push-tab.js';

export const CAMERA_TABS: readonly AdminTab[] = [camerasTab, discoveryTab, importTab, pushTab];

/** The tabs as a strip with one open panel; `selected` is a tab id (from `#/admin?tab=`). */
export function adminTabs(
  tabs: readonly AdminTab[],
  selected: string | null,
): { element: HTMLElement; destroy(): void } {
  const strip = h('nav', {
    className: 'admin-tabs',
    attrs: { role: 'tablist' },
    i18nAttrs: { 'aria-label': 'adminCam.tabs' },
  });
  const panel = h('div', { className: 'admin-panel', attrs: { role: 'tabpanel' } });
  let open: { destroy(): void } | undefined;
  const buttons = tabs.map((tab) => {
    const tabButton = h('button', {
      className: 'admin-tab-button',
      text: tab.titleKey,
      testId: `admin-tab-${tab.id}`,
      attrs: { type: 'button', role: 'tab' },
    });
    tabButton.addEventListener('click', () => select(tab));
    strip.append(tabButton);
    return tabButton;
  });
  function select(tab: AdminTab): void {
    open?.destroy();
    const view = tab.render();
    open = view;
    panel.replaceChildren(view.element);
    tabs.forEach((candidate, index) => buttons[index]?.setAttribute('aria-selected', String(candidate === tab)));
  }
  const first = tabs.find((tab) => tab.id === selected) ?? tabs[0];
  if (first) select(first);
  const element = h('section', { className: 'admin-page', testId: 'page-admin' }, [strip, panel]);
  return { element, destroy: () => open?.destroy() };
}
