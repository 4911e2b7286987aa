// Console entry: session check, hash routing between login, live view and the pages to come.
import { api, ApiRequestError, errorMessage, onUnauthorized, type SessionUser } from './shared/api.js';
import { h } from './shared/dom.js';
import { language, localName, onLanguageChange, t } from './shared/i18n.js';
import { currentRoute, navigate, onRouteChange, type Route, type RouteName } from './shared/router.js';
import { connectRealtime, type RealtimeConnection } from './shared/socket.js';
import { loginPage } from './auth/login-page.js';
import { LivePage } from './live/live-page.js';
import { OrgModel } from './org/model.js';
import { TopBar } from './shell/topbar.js';

/** What exists while someone is logged in; dropped at logout or when the session expires. */
interface Session {
  user: SessionUser;
  model: OrgModel;
  realtime: RealtimeConnection;
  topBar: TopBar;
  content: HTMLElement;
  /** The page on screen and its route. */
  page: { name: PageName; page: Page } | null;
}

const root = document.getElementById('app') ?? document.body;
let session: Session | null = null;
let disposeLogin: (() => void) | null = null;
/** The page to return to after a login. */
let afterLogin = '#/live';

async function startSession(): Promise<Session> {
  const [user, tree, links] = await Promise.all([api.me(), api.orgTree(), api.federationLinks()]);
  const model = new OrgModel(tree);
  const realtime = connectRealtime();
  // The password dialog (with the password rules' validation) is loaded when it is first opened.
  const changePassword = async (): Promise<void> =>
    (await import('./account/password-dialog.js')).openPasswordDialog(user.username);
  const actions = { logout: () => void logout(), changePassword: () => void changePassword() };
  const topBar = new TopBar(
    user,
    actions,
    () => {
      // The session's model: it is read again after admin changes.
      const unit = (session?.model ?? model).unit(user.orgUnitId);
      return unit ? localName(unit) : user.orgUnitName;
    },
    links.length > 0,
  );
  realtime.onConnectionChange((connected) => topBar.setRealtime(connected));
  api
    .healthz()
    .then((health) => topBar.setVersion(health.version))
    .catch((error: unknown) => console.warn('healthz unavailable', error));
  realtime.socket.on('connect_error', (error) => {
    // The hub refuses the socket without a valid session: check whether the session is gone.
    if (error.message === 'Login required') api.me().catch((failure: unknown) => handleSessionFailure(failure));
  });
  const content = h('main', { className: 'content' });
  root.replaceChildren(topBar.element, content);
  return { user, model, realtime, topBar, content, page: null };
}

function endSession(): void {
  if (!session) return;
  session.page?.page.destroy();
  session.realtime.close();
  session.topBar.destroy();
  session = null;
}

async function logout(): Promise<void> {
  await api.logout().catch((error: unknown) => console.warn('logout failed', error));
  endSession();
  afterLogin = '#/live';
  navigate('login');
}

function handleSessionFailure(error: unknown): void {
  if (error instanceof ApiRequestError && error.status === 401) {
    expireSession();
    return;
  }
  showFatal(errorMessage(error));
}

/** Any 401: remember where we were and go to the login page. */
function expireSession(): void {
  if (currentRoute().name !== 'login') afterLogin = window.location.hash || '#/live';
  endSession();
  navigate('login');
}

function showFatal(message: string): void {
  root.replaceChildren(
    h('div', { className: 'fatal', attrs: { role: 'alert' }, testId: 'fatal-error' }, [
      t('error.loadTree', { message }),
    ]),
  );
}

function showLogin(): void {
  endSession();
  disposeLogin?.();
  const page = loginPage({
    loggedIn: () => {
      window.location.hash = afterLogin.startsWith('#/login') ? '#/live' : afterLogin;
    },
  });
  disposeLogin = page.destroy;
  root.replaceChildren(page.element);
  page.element.querySelector<HTMLInputElement>('input')?.focus();
}

/** A console page: built when its route is entered, told of parameter changes while it stays, destroyed on leaving. */
interface Page {
  element: HTMLElement;
  destroy(): void;
  /** Absent: a parameter change rebuilds the page. */
  applyParams?(params: URLSearchParams): void;
}
type PageName = Exclude<RouteName, 'login'>;

/**
 * Every page of the console, by route. The live page comes with the console; the others are loaded when first
 * opened (each a chunk of its own), so the first load stays small.
 */
const PAGES: Record<PageName, (active: Session, params: URLSearchParams) => Promise<Page>> = {
  live: async (active, params) => new LivePage({ model: active.model, realtime: active.realtime }, params),
  playback: async (active, params) => {
    const { PlaybackPage } = await import('./playback/playback-page.js');
    return new PlaybackPage({ model: active.model, realtime: active.realtime }, params);
  },
  events: async (active, params) => {
    const { EventsPage } = await import('./events/events-page.js');
    const deps = { model: active.model, realtime: active.realtime, userUnitId: active.user.orgUnitId };
    return new EventsPage(deps, params);
  },
  links: async () => new (await import('./federation/links-page.js')).LinksPage(),
  admin: async (active, params) =>
    (await import('./admin/admin-page.js')).adminPage(active.user, params, active.realtime),
};

async function showPage(active: Session, route: Route): Promise<void> {
  if (route.name === 'login') return;
  active.topBar.setRoute(route.name);
  const current = active.page;
  if (current?.name === route.name && current.page.applyParams) {
    current.page.applyParams(route.params);
    return;
  }
  current?.page.destroy();
  active.page = null;
  const page = await PAGES[route.name](active, route.params);
  // The session may have ended while the page's code was loading.
  if (session !== active) return page.destroy();
  active.page = { name: route.name, page };
  active.content.replaceChildren(page.element);
}

let routing: Promise<void> = Promise.resolve();

async function route(next: Route): Promise<void> {
  if (next.name === 'login') {
    showLogin();
    return;
  }
  disposeLogin?.();
  disposeLogin = null;
  if (!session) {
    root.replaceChildren(h('div', { className: 'splash', attrs: { 'aria-busy': 'true' } }, [t('app.name')]));
    try {
      session = await startSession();
    } catch (error) {
      handleSessionFailure(error);
      return;
    }
  }
  // Leaving the admin page: cameras may have been added or changed, so the tree is read again.
  if (session.page?.name === 'admin' && next.name !== 'admin') {
    try {
      session.model = new OrgModel(await api.orgTree());
    } catch (error) {
      handleSessionFailure(error);
      return;
    }
  }
  await showPage(session, next);
}

/** Route changes run one after another (a login redirect must not overtake a session start). */
function queueRoute(next: Route): void {
  routing = routing.then(() => route(next)).catch((error: unknown) => showFatal(errorMessage(error)));
}

document.documentElement.lang = language();
document.title = t('app.name');
onLanguageChange(() => (document.title = t('app.name')));
onUnauthorized(() => expireSession());
onRouteChange(queueRoute);
queueRoute(currentRoute());
