// Console entry: session check, hash routing between login, live view and the pages to come.
import { api, ApiRequestError, errorMessage, onUnauthorized, type SessionUser } from './shared/api.js';
import { h } from './shared/dom.js';
import { language, localName, onLanguageChange, t, type MessageKey } from './shared/i18n.js';
import { currentRoute, navigate, onRouteChange, type Route, type RouteName } from './shared/router.js';
import { connectRealtime, type RealtimeConnection } from './shared/socket.js';
import { loginPage } from './auth/login-page.js';
import { LivePage } from './live/live-page.js';
import { OrgModel } from './org/model.js';
import { PlaybackPage } from './playback/playback-page.js';
import { placeholderPage } from './shell/placeholder-page.js';
import { TopBar } from './shell/topbar.js';

/** What exists while someone is logged in; dropped at logout or when the session expires. */
interface Session {
  user: SessionUser;
  model: OrgModel;
  realtime: RealtimeConnection;
  topBar: TopBar;
  content: HTMLElement;
  live: LivePage | null;
  playback: PlaybackPage | null;
}

const root = document.getElementById('app') ?? document.body;
let session: Session | null = null;
let disposeLogin: (() => void) | null = null;
/** The page to return to after a login. */
let afterLogin = '#/live';

async function startSession(): Promise<Session> {
  const [user, tree] = await Promise.all([api.me(), api.orgTree()]);
  const model = new OrgModel(tree);
  const realtime = connectRealtime();
  const topBar = new TopBar(user, { logout: () => void logout() }, () => {
    const unit = model.unit(user.orgUnitId);
    return unit ? localName(unit) : user.orgUnitName;
  });
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
  return { user, model, realtime, topBar, content, live: null, playback: null };
}

function endSession(): void {
  if (!session) return;
  session.live?.destroy();
  session.playback?.destroy();
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

function showPage(active: Session, route: Route): void {
  active.topBar.setRoute(route.name);
  if (route.name !== 'playback') {
    active.playback?.destroy();
    active.playback = null;
  }
  if (route.name === 'live') {
    if (active.live) active.live.applyParams(route.params);
    else {
      active.live = new LivePage({ model: active.model, realtime: active.realtime }, route.params);
      active.content.replaceChildren(active.live.element);
    }
    return;
  }
  active.live?.destroy();
  active.live = null;
  if (route.name === 'playback') {
    if (active.playback) active.playback.applyParams(route.params);
    else {
      active.playback = new PlaybackPage({ model: active.model }, route.params);
      active.content.replaceChildren(active.playback.element);
    }
    return;
  }
  if (route.name !== 'login') active.content.replaceChildren(placeholderPage(...PLACEHOLDERS[route.name]));
}

/** Pages still to come: their title and test id. */
const PLACEHOLDERS: Record<Exclude<RouteName, 'live' | 'playback' | 'login'>, [MessageKey, string]> = {
  events: ['page.events.title', 'page-events'],
  admin: ['page.admin.title', 'page-admin'],
};

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
  showPage(session, next);
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
