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
  live: () => import('./live/LivePage.vue'),
  playback: hostedPage('playback', async (params) => {
    const { PlaybackPage } = await import('./playback/playback-page.js');
    return new PlaybackPage(active(), params);
  }),
  events: hostedPage('events', async (params) => {
    const { EventsPage } = await import('./events/events-page.js');
    const { model, realtime, user } = active();
    return new EventsPage({ model, realtime, userUnitId: user.orgUnitId }, params);
  }),
  links: hostedPage('links', async () => new (await import('./federation/links-page.js')).LinksPage()),
  admin: hostedPage('admin', async (params) => {
    const { user, realtime } = active();
    return (await import('./admin/admin-page.js')).adminPage(user, params, realtime);
  }),
};
