// JSON API client: same-origin cookies, the hub's `{error:{code,message}}` shape, and 401 → login.
import type {
  CameraList,
  EventPage,
  FederationLinkView,
  Healthz,
  OrgTree,
  SessionUser,
} from '../../../src/contracts/index.js';

export type { SessionUser };
import { errorText } from '../../../src/contracts/error-text.js';
import { language, t } from './i18n.js';

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The error's `details`: field errors (`[{path, message}]`) or facts such as `retryAfterSeconds`. */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

let unauthorizedHandler: () => void = () => undefined;

/** Called on any 401 except from the login request itself (the app navigates to `#/login`). */
export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler;
}

function isErrorBody(body: unknown): body is { error: { code: string; message: string; details?: unknown } } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = body.error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** false for requests whose 401 is an answer, not an expired session (login). */
  redirectOn401?: boolean;
}

const JSON_HEADERS = { accept: 'application/json', 'content-type': 'application/json' };

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T | null> {
  const method = options.method ?? 'GET';
  // The hub takes state changes only as JSON, even without a body (logout): a cross-site form cannot send that.
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    // The hub words field problems in the console's language.
    headers: { ...(method === 'GET' ? { accept: 'application/json' } : JSON_HEADERS), 'x-vigil-language': language() },
  };
  if (options.body !== undefined) init.body = JSON.stringify(options.body);
  const response = await fetch(path, init);
  const text = await response.text();
  const body: unknown = text ? parseJson(text) : null;
  if (!response.ok) {
    if (response.status === 401 && options.redirectOn401 !== false) unauthorizedHandler();
    const error = isErrorBody(body) ? body.error : { code: `HTTP_${response.status}`, message: response.statusText };
    throw new ApiRequestError(response.status, error.code, error.message, error.details);
  }
  return body as T | null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    console.warn('non-JSON response body', error);
    return null;
  }
}

export async function required<T>(promise: Promise<T | null>, what: string): Promise<T> {
  const value = await promise;
  if (value === null) throw new ApiRequestError(0, 'EMPTY_BODY', `${what}: empty response`);
  return value;
}

export const api = {
  me: async (): Promise<SessionUser> =>
    (await required(request<{ user: SessionUser }>('/api/auth/me', { redirectOn401: false }), 'me')).user,
  login: (username: string, password: string): Promise<unknown> =>
    request('/api/auth/login', { method: 'POST', body: { username, password }, redirectOn401: false }),
  logout: (): Promise<unknown> => request('/api/auth/logout', { method: 'POST', redirectOn401: false }),
  orgTree: (): Promise<OrgTree> => required(request<OrgTree>('/api/org/tree'), 'org tree'),
  cameras: (): Promise<CameraList> => required(request<CameraList>('/api/cameras'), 'cameras'),
  healthz: (): Promise<Healthz> => required(request<Healthz>('/healthz'), 'healthz'),
  /** Branch links of a center (none elsewhere). */
  federationLinks: async (): Promise<FederationLinkView[]> =>
    (await required(request<{ links: FederationLinkView[] }>('/api/federation/links'), 'links')).links,
  events: (query: URLSearchParams): Promise<EventPage> =>
    required(request<EventPage>(`/api/events?${query.toString()}`), 'events'),
};

export const snapshotUrl = (cameraId: string): string =>
  `/api/cameras/${encodeURIComponent(cameraId)}/snapshot.jpg?t=${Date.now()}`;

/** A message fit to show a user for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiRequestError) return errorText(error, language());
  if (error instanceof TypeError) return t('error.network');
  return error instanceof Error ? error.message : String(error);
}
