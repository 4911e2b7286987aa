// Top bar: product name, page navigation, realtime indicator, current user and org unit, language, logout.
import type { SessionUser } from '../shared/api.js';
import { h, iconButton, iconOf } from '../shared/dom.js';
import { onLanguageChange, t, type MessageKey } from '../shared/i18n.js';
import { routeHash, type RouteName } from '../shared/router.js';
import { languageToggle } from './language-toggle.js';

const PAGES: Array<[RouteName, MessageKey]> = [
  ['live', 'nav.live'],
  ['playback', 'nav.playback'],
  ['events', 'nav.events'],
  ['links', 'nav.links'],
  ['admin', 'nav.admin'],
];

export interface TopBarActions {
  logout(): void;
  changePassword(): void;
}

export class TopBar {
  readonly element: HTMLElement;
  private readonly links = new Map<RouteName, HTMLAnchorElement>();
  private readonly realtime: HTMLElement;
  private connected = false;
  private readonly cleanups: Array<() => void> = [];

  /**
   * `unitName` gives the user's org unit in the current language (the session only carries the Chinese name);
   * `hasLinks`: the hub is a center with branch links.
   */
  constructor(
    user: SessionUser,
    actions: TopBarActions,
    unitName: () => string = () => user.orgUnitName,
    hasLinks = false,
  ) {
    const nav = h('nav', { className: 'topnav', i18nAttrs: { 'aria-label': 'nav.main' } });
    // Administration is for admins only (the API refuses the others too); link health only at a center.
    const shown = PAGES.filter(
      ([page]) => (page !== 'admin' || user.role === 'admin') && (page !== 'links' || hasLinks),
    );
    for (const [route, label] of shown) {
      const link = h('a', {
        className: 'topnav-link',
        text: label,
        attrs: { href: routeHash(route) },
        testId: `nav-${route}`,
      });
      this.links.set(route, link);
      nav.append(link);
    }
    this.realtime = h('span', { className: 'realtime-dot', testId: 'realtime-status', attrs: { role: 'status' } });
    const logout = iconButton('top.logout', iconOf('logout'), { className: 'logout', testId: 'logout' });
    logout.addEventListener('click', () => actions.logout());
    const password = iconButton('account.changePassword', iconOf('key'), { testId: 'change-password' });
    password.addEventListener('click', () => actions.changePassword());
    const toggle = languageToggle();
    const unit = h('span', { className: 'user-unit', testId: 'current-org-unit' }, [unitName()]);
    this.cleanups.push(
      toggle.destroy,
      onLanguageChange(() => {
        this.setRealtime(this.connected);
        unit.textContent = unitName();
      }),
    );
    this.element = h('header', { className: 'topbar' }, [
      h('div', { className: 'brand' }, [
        h('span', { className: 'brand-mark', attrs: { 'aria-hidden': 'true' } }),
        h('span', { className: 'brand-name', text: 'app.name' }),
      ]),
      nav,
      h('span', { className: 'topbar-spacer' }),
      this.realtime,
      h('span', { className: 'user', testId: 'current-user' }, [
        h('span', { className: 'user-name' }, [user.displayName || user.username]),
        unit,
      ]),
      toggle.element,
      password,
      logout,
    ]);
    this.setRealtime(false);
  }

  /** The hub's version (from `/healthz`) as a tooltip on the product name. */
  setVersion(version: string): void {
    this.element.querySelector<HTMLElement>('.brand')?.setAttribute('title', `Vigil ${version}`);
  }

  setRoute(route: RouteName): void {
    for (const [name, link] of this.links) {
      if (name === route) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
  }

  setRealtime(connected: boolean): void {
    this.connected = connected;
    this.realtime.dataset.connected = String(connected);
    const label = t(connected ? 'top.realtimeOnline' : 'top.realtimeOffline');
    this.realtime.title = label;
    this.realtime.setAttribute('aria-label', label);
  }

  destroy(): void {
    for (const cleanup of this.cleanups) cleanup();
  }
}
