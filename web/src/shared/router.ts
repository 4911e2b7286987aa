// Hash routing: `#/live?camera=…`, `#/playback`, `#/events`, `#/links`, `#/admin`, `#/login`.
export const ROUTES = ['live', 'playback', 'events', 'links', 'admin', 'login'] as const;
export type RouteName = (typeof ROUTES)[number];

export interface Route {
  name: RouteName;
  params: URLSearchParams;
}

const isRouteName = (value: string): value is RouteName => (ROUTES as readonly string[]).includes(value);

export function parseHash(hash: string): Route {
  const body = hash.replace(/^#\/?/, '');
  const queryAt = body.indexOf('?');
  const path = (queryAt < 0 ? body : body.slice(0, queryAt)).replace(/\/+$/, '');
  const params = new URLSearchParams(queryAt < 0 ? '' : body.slice(queryAt + 1));
  return { name: isRouteName(path) ? path : 'live', params };
}

export const currentRoute = (): Route => parseHash(window.location.hash);

export function routeHash(name: RouteName, params?: URLSearchParams): string {
  // Commas stay readable: `?grid=4&cameras=a,b,c`.
  const query = params?.toString().replace(/%2C/gi, ',');
  return `#/${name}${query ? `?${query}` : ''}`;
}

export function navigate(name: RouteName, params?: URLSearchParams): void {
  window.location.hash = routeHash(name, params);
}

/** Rewrites the address bar without a `hashchange` (the page already shows that state). */
export function replaceParams(name: RouteName, params: URLSearchParams): void {
  window.history.replaceState(null, '', routeHash(name, params));
}

export function onRouteChange(listener: (route: Route) => void): void {
  window.addEventListener('hashchange', () => listener(currentRoute()));
}
