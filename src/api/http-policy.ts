// The HTTP edge policy shared by express and socket.io: security headers on every answer, and who may change state.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { RequestHandler } from 'express';
import { VigilError } from '../shared/errors.js';
import { isLoopback } from '../shared/net.js';
import { isMultipart } from './multipart.js';

/**
 * No inline script or style, nothing framed. hls.js feeds MediaSource through `blob:` URLs and runs its demuxer in a
 * `blob:` worker; snapshots and Element Plus icons come as images from the hub or as `data:` URLs.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "media-src 'self' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** One year; sent only over HTTPS, where a browser takes it into account. */
const HSTS = 'max-age=31536000';

/** TLS on this socket, or the hub's own HTTP/2 bridge (loopback) saying the browser spoke HTTPS. */
export function isHttps(req: IncomingMessage): boolean {
  if ((req.socket as Partial<TLSSocket>).encrypted) return true;
  return isLoopback(req.socket.remoteAddress) && req.headers['x-forwarded-proto'] === 'https';
}

export function securityHeaders(https: boolean): Record<string, string> {
  return https ? { ...COMMON_HEADERS, 'Strict-Transport-Security': HSTS } : { ...COMMON_HEADERS };
}

/** Middleware for express and the socket.io engine alike: set before anything answers, errors and 404 included. */
export function applySecurityHeaders(
  req: IncomingMessage,
  res: Pick<ServerResponse, 'setHeader'>,
  next: (error?: unknown) => void,
): void {
  for (const [name, value] of Object.entries(securityHeaders(isHttps(req)))) res.setHeader(name, value);
  next();
}

/** `scheme://host[:port]` as browsers write an Origin header (default ports left out), lower case. */
function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.origin === 'null' ? undefined : parsed.origin.toLowerCase();
  } catch (error) {
    if (error instanceof TypeError) return undefined; // not a URL: no origin to compare
    throw error;
  }
}

/** Normalises configured origins (`https://vigil.example.org`) once. */
export function originSet(origins: readonly string[]): ReadonlySet<string> {
  return new Set(origins.flatMap((origin) => originOf(origin) ?? []));
}

/**
 * Why a request must be refused as coming from another site, or undefined when it may go on.
 * - `Origin` present: it must be the origin the request came to (its scheme, and the Host header's name and port), or
 *   be one of `allowed`; `Origin: null` (sandboxed frames, some redirects) never matches.
 * - `Origin` absent: browsers say where a request comes from in `Sec-Fetch-Site`; only `same-origin` and `none`
 *   (typed by the user) pass. Without either header the caller is not a browser (curl, scripts, scrapers): nothing
 *   of a user's session can be borrowed that way, so it passes.
 */
export function crossSiteRefusal(req: IncomingMessage, allowed: ReadonlySet<string>): string | undefined {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const normalised = originOf(origin);
    const own = req.headers.host ? originOf(`${isHttps(req) ? 'https' : 'http'}://${req.headers.host}`) : undefined;
    if (normalised && (normalised === own || allowed.has(normalised))) return undefined;
    return `Refused: the request comes from another site (Origin ${origin.slice(0, 200)})`;
  }
  const site = req.headers['sec-fetch-site'];
  if (site === undefined || site === 'same-origin' || site === 'none') return undefined;
  return `Refused: the request comes from another site (Sec-Fetch-Site ${String(site).slice(0, 40)})`;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `application/json`, without parameters or with `charset=utf-8` (JSON is UTF-8; body-parser would take utf-7). */
const isJson = (contentType: string | undefined): boolean => {
  const [type, ...parameters] = (contentType ?? '')
    .toLowerCase()
    .split(';')
    .map((part) => part.trim());
  return type === 'application/json' && parameters.every((p) => p === '' || /^charset="?utf-8"?$/.test(p));
};

/**
 * The only doors that take a multipart form (a file upload). A form of another site can post multipart without a
 * preflight, so these rely on the Origin / Sec-Fetch-Site check above, which every browser that uploads files sends.
 */
const MULTIPART_PATHS: readonly RegExp[] = [/^\/api\/notices\/[^/]+\/answer$/];

/**
 * Defence against cross-site request forgery beyond SameSite cookies: a state-changing request must come from this
 * hub's own pages (or an allowed origin) and be JSON. A form or a `text/plain` fetch from another site goes out
 * without a CORS preflight, so only a JSON content type (which needs one, and the hub answers none) shuts that door;
 * requests without a body (logout) are held to it too.
 */
export function stateChangeGuard(allowedOrigins: ReadonlySet<string>): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const refusal = crossSiteRefusal(req, allowedOrigins);
    if (refusal) return next(new VigilError('VIGIL_CROSS_ORIGIN', refusal));
    const contentType = req.headers['content-type'];
    if (!isJson(contentType) && !(isMultipart(contentType) && MULTIPART_PATHS.some((path) => path.test(req.path)))) {
      return next(
        new VigilError(
          'VIGIL_UNSUPPORTED_MEDIA_TYPE',
          `${req.method} requests need Content-Type: application/json (with a JSON body, or none)`,
        ),
      );
    }
    next();
  };
}
