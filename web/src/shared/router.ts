// Hash routes of the console (`#/live?camera=…`, `#/playback`, `#/patrol`, `#/events`, `#/notices`, `#/cases`,
// `#/reports`, `#/overview`, `#/links`, `#/admin`, `#/login`) on vue-router.
import { createRouter, createWebHashHistory, type RouteLocationNormalized, type RouteRecordRaw } from 'vue-router';

export const ROUTES = [
  'live',
  'playback',
  'patrol',
  'events',
  'notices',
  'cases',
  'reports',
  'overview',
  'links',
  'admin',
  'login',
] as const;
export type RouteName = (typeof ROUTES)[number];
export type PageName = Exclude<RouteName, 'login'>;

/** The router of the console; the shell gives it its pages. */
export function createConsoleRouter(
  pages: Record<PageName, RouteRecordRaw['component']>,
  login: RouteRecordRaw['component'],
) {
  const routes: RouteRecordRaw[] = [
    { path: '/login', name: 'login', component: login!, meta: { public: true } },
    ...Object.entries(pages).map(([name, component]) => ({ path: `/${name}`, name, component: component! })),
    { path: '/:unknown(.*)*', redirect: '/live' },
  ];
  const router = createRouter({ history: createWebHashHistory(), routes });
  active = router;
  return router;
}

let active: ReturnType<typeof createRouter> | null = null;
/** The address a page wrote itself (see `replaceParams`): its page is not told of it again. */
let written: string | null = null;

export const paramsOf = (route: RouteLocationNormalized): URLSearchParams => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(route.query)) {
    for (const item of Array.isArray(value) ? value : [value]) if (item !== null) params.append(key, item);
  }
  return params;
};

export function routeHash(name: RouteName, params?: URLSearchParams): string {
  // Commas stay readable: `?grid=4&cameras=a,b,c`.
  const query = params?.toString().replace(/%2C/gi, ',');
  return `#/${name}${query ? `?${query}` : ''}`;
}

/** Puts the state a page already shows into the address bar; the page is not asked to apply it again. */
export function replaceParams(name: RouteName, params: URLSearchParams): void {
  if (!active) return;
  const target = active.resolve(routeHash(name, params).slice(1));
  // The address already says it: no navigation, and nothing to recognise later.
  if (target.fullPath === active.currentRoute.value.fullPath) return;
  written = target.fullPath;
  void active.replace(target);
}

/** True (once) when `route` is the address the page itself wrote. */
export function isOwnWrite(route: RouteLocationNormalized): boolean {
  if (written !== route.fullPath) return false;
  written = null;
  return true;
}
