// Every page of the console, by route; each is a chunk of its own, loaded when its route is first entered.
import type { RouteRecordRaw } from 'vue-router';
import type { PageName } from './shared/router.js';

export const PAGES: Record<PageName, RouteRecordRaw['component']> = {
  live: () => import('./live/LivePage.vue'),
  playback: () => import('./playback/PlaybackPage.vue'),
  patrol: () => import('./patrol/PatrolPage.vue'),
  events: () => import('./events/EventsPage.vue'),
  notices: () => import('./notices/NoticesPage.vue'),
  cases: () => import('./cases/CasesPage.vue'),
  reports: () => import('./reports/ReportsPage.vue'),
  overview: () => import('./overview/OverviewPage.vue'),
  links: () => import('./federation/LinksPage.vue'),
  admin: () => import('./admin/AdminPage.vue'),
};
