// The admin page: a tab bar over ADMIN_TABS; the open tab is kept in the address (`#/admin?tab=users`).
import type { SessionUser } from '../shared/api.js';
import { h } from '../shared/dom.js';
import { replaceParams } from '../shared/router.js';
import type { RealtimeConnection } from '../shared/socket.js';
import { ADMIN_TABS, type AdminTab } from './tabs.js';

export interface AdminPage {
  element: HTMLElement;
  destroy(): void;
}

/** Non-admins get a notice (the API refuses them anyway, 403). */
export function adminPage(user: SessionUser, params: URLSearchParams, realtime: RealtimeConnection): AdminPage {
  if (user.role !== 'admin') {
    return {
      element: h('section', { className: 'admin-page', testId: 'page-admin' }, [
        h('p', { className: 'admin-forbidden', text: 'admin.forbidden', testId: 'admin-forbidden' }),
      ]),
      destroy: () => undefined,
    };
  }
  const tabBar = h('div', {
    className: 'admin-tabs',
    attrs: { role: 'tablist' },
    i18nAttrs: { 'aria-label': 'admin.tabs' },
  });
  const panel = h('div', { className: 'admin-panel', attrs: { role: 'tabpanel' } });
  const buttons = new Map<string, HTMLButtonElement>();
  let open: { element: HTMLElement; destroy(): void } | undefined;

  const show = (tab: AdminTab): void => {
    open?.destroy();
    open = tab.render({ user, realtime });
    panel.replaceChildren(open.element);
    for (const [id, button] of buttons) button.setAttribute('aria-selected', String(id === tab.id));
    replaceParams('admin', new URLSearchParams({ tab: tab.id }));
  };
  for (const tab of ADMIN_TABS) {
    const button = h('button', {
      className: 'admin-tab',
      text: tab.titleKey,
      attrs: { type: 'button', role: 'tab' },
      testId: `admin-tab-${tab.id}`,
    });
    button.addEventListener('click', () => show(tab));
    buttons.set(tab.id, button);
    tabBar.append(button);
  }
  const first = ADMIN_TABS.find((tab) => tab.id === params.get('tab')) ?? ADMIN_TABS[0];
  if (first) show(first);
  return {
    element: h('section', { className: 'admin-page', testId: 'page-admin' }, [tabBar, panel]),
    destroy: () => open?.destroy(),
  };
}
