// Console entry: the Vue app with its router, translator and session store; pages are loaded when first opened.
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import 'element-plus/theme-chalk/dark/css-vars.css';
import { ApiRequestError, errorMessage, onUnauthorized } from './shared/api.js';
import { i18n, language, onLanguageChange, t } from './shared/i18n.js';
import { createConsoleRouter } from './shared/router.js';
import App from './shell/App.vue';
import { fatal } from './shell/fatal.js';
import { useSession } from './shell/session.js';
import { PAGES } from './pages.js';
import './styles/app.css';

const pinia = createPinia();
// The login page is a chunk of its own too: a logged-in console never loads its form.
const router = createConsoleRouter(PAGES, () => import('./shell/LoginPage.vue'));
const session = useSession(pinia);

/** Starts loading a lazily loaded page component; the router finds it in the module cache later. */
function loadPageCode(component: unknown): void {
  if (typeof component === 'function' && component.length === 0) {
    void Promise.resolve((component as () => unknown)()).catch((error: unknown) => console.warn(error));
  }
}

/** Every page needs the session; without one (401) the login page comes first, then the page asked for. */
router.beforeEach(async (to, from) => {
  if (to.meta.public) {
    session.end();
    return true;
  }
  // The page's code loads while the session is read, not after it (the router would load it only then).
  loadPageCode(to.matched[0]?.components?.default);
  try {
    await session.start();
    // Leaving the admin page: cameras may have been added or changed, so the tree is read again.
    if (from.name === 'admin' && to.name !== 'admin') await session.reloadTree();
    return true;
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 401) {
      return { path: '/login', query: { redirect: to.fullPath } };
    }
    fatal.value = errorMessage(error);
    return false;
  }
});

// Any 401 later on: the session expired; log in again and come back.
onUnauthorized(() => {
  const current = router.currentRoute.value;
  // Before a session exists, the navigation guard sends to the login page itself, with the page asked for.
  if (current.meta.public || !session.user) return;
  session.end();
  void router.push({ path: '/login', query: { redirect: current.fullPath } });
});

document.documentElement.lang = language();
document.documentElement.classList.add('dark');
document.title = t('app.name');
onLanguageChange(() => (document.title = t('app.name')));

createApp(App).use(pinia).use(i18n).use(router).mount('#app');
