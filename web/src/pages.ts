// Every page of the console, by route; each is a chunk of its own, loaded when its route is first entered.
import type { RouteRecordRaw } from 'vue-router';
import type { PageName } from './shared/router.js';
import { hostedPage } from './shell/legacy-page.js';
import { useSession } from './shell/session.js';

/** The session a page is built in (the router guard has started it). */
function active() {
  const session = useSession();
  if (!session.user || !session.model || !session.realtime) throw new Error('no session');
  return { user: session.user, model: session.model, realtime: session.realtime };
}

export const PAGES: Record<PageName, RouteRecordRaw['component']> = {
  live: hostedPage('live', async (params) => {
    const { LivePage } = await import('./live/live-page.js');
    return new LivePage(active(), params);
  }),
  playback: () => import('./playback/PlaybackPage.vue'),
  events: () => import('./events/EventsPage.vue'),
  links: () => import('./federation/LinksPage.vue'),
  admin: () => import('./admin/AdminPage.vue'),
};
