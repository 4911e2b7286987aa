// Login, logout and who-am-i; the middleware that puts the caller and its scope on every API request.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import {
  cookieValue,
  resolveCaller,
  SESSION_COOKIE,
  verifyPassword,
  type Caller,
  type CallerDeps,
} from '../org/index.js';
import { VigilError } from '../shared/errors.js';

declare module 'express-serve-static-core' {
  interface Request {
    caller?: Caller;
  }
}

export type AuthDeps = CallerDeps;

function setSessionCookie(req: Request, res: Response, token: string | undefined): void {
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Lax', ...(req.secure ? ['Secure'] : [])];
  const value = token ? `${SESSION_COOKIE}=${token}` : `${SESSION_COOKIE}=; Max-Age=0`;
  res.setHeader('Set-Cookie', [value, ...attributes].join('; '));
}

/** Resolves the session cookie into `req.caller`; never rejects (routes decide with `requireCaller`). */
export function identify(deps: AuthDeps): RequestHandler {
  return (req, _res, next) => {
    const caller = resolveCaller(deps, cookieValue(req.headers.cookie, SESSION_COOKIE));
    if (caller) req.caller = caller;
    next();
  };
}

export function requireCaller(req: Request): Caller {
  if (!req.caller) throw new VigilError('VIGIL_UNAUTHENTICATED', 'Login required');
  return req.caller;
}

const LoginBody = z.strictObject({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });

export function authRoutes(deps: AuthDeps): Router {
  const router = Router();

  router.post('/auth/login', async (req, res) => {
    const body = LoginBody.parse(req.body);
    const user = deps.users.findByUsername(body.username);
    const valid = user && !user.disabled && (await verifyPassword(body.password, user.passwordHash));
    if (!user || !valid) throw new VigilError('VIGIL_UNAUTHENTICATED', 'Wrong user name or password');
    const token = deps.sessions.create(user.id, req.ip ?? null);
    setSessionCookie(req, res, token);
    res.json({ user: { username: user.username, displayName: user.displayName, role: user.role } });
  });

  router.post('/auth/logout', (req, res) => {
    const token = cookieValue(req.headers.cookie, SESSION_COOKIE);
    if (token) deps.sessions.revoke(token);
    setSessionCookie(req, res, undefined);
    res.status(204).end();
  });

  router.get('/auth/me', (req, res) => {
    const caller = requireCaller(req);
    res.json({
      user: {
        username: caller.username,
        displayName: caller.displayName,
        role: caller.role,
        orgUnitId: caller.orgUnitId,
        orgUnitName: caller.orgUnitName,
        scope: caller.scope.kind,
      },
    });
  });

  return router;
}
