// Login (throttled, audited), logout and who-am-i; the middleware that puts the caller and its scope on every request.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { LoginInput } from '../contracts/index.js';
import {
  hashPassword,
  randomPassword,
  resolveCaller,
  SESSION_COOKIE,
  sessionTokenOf,
  type Caller,
  type CallerDeps,
  type Lockout,
  type LoginThrottle,
  type PasswordChecker,
} from '../org/index.js';
import type { CoalesceKeys, DomainEvent } from '../events/index.js';
import { VigilError } from '../shared/errors.js';
import { audit, auditEvent, type AuditBus } from './audit.js';

declare module 'express-serve-static-core' {
  interface Request {
    caller?: Caller;
  }
}

export type AuthDeps = CallerDeps & {
  throttle: LoginThrottle;
  passwords: PasswordChecker;
  bus: AuditBus;
  /** Failed logins go here, so that repeated ones become one event per window (default: straight to the bus). */
  failures?: { publish(event: DomainEvent, how: CoalesceKeys): void };
  /** Called after a user's sessions changed (a logout), so its sockets are re-checked at once. */
  onUserChanged?: ((userId: string) => void) | undefined;
};

type FailureReason = 'bad_password' | 'unknown_user' | 'disabled' | 'locked';
const REASON_WORDS: Record<FailureReason, string> = {
  bad_password: 'wrong password',
  unknown_user: 'unknown user name',
  disabled: 'account disabled',
  locked: 'locked after repeated failures',
};

function setSessionCookie(req: Request, res: Response, token: string | undefined): void {
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Lax', ...(req.secure ? ['Secure'] : [])];
  const value = token ? `${SESSION_COOKIE}=${token}` : `${SESSION_COOKIE}=; Max-Age=0`;
  res.setHeader('Set-Cookie', [value, ...attributes].join('; '));
}

/** Resolves the session cookie into `req.caller`; never rejects (routes decide with `requireCaller`). */
export function identify(deps: CallerDeps): RequestHandler {
  return (req, _res, next) => {
    const caller = resolveCaller(deps, sessionTokenOf(req.headers.cookie));
    if (caller) req.caller = caller;
    next();
  };
}

export function requireCaller(req: Request): Caller {
  if (!req.caller) throw new VigilError('VIGIL_UNAUTHENTICATED', 'Login required');
  return req.caller;
}

/**
 * A caller of the agency's own (not an enterprise account), with the agency's scope: for the agency's internal
 * records (the event log, inspectors' notes), which an enterprise never reads.
 */
export function requireAgency(req: Request): Caller & { scope: Exclude<Caller['scope'], { kind: 'enterprise' }> } {
  const caller = requireCaller(req);
  const { scope } = caller;
  if (scope.kind === 'enterprise')
    throw new VigilError('VIGIL_FORBIDDEN', 'This is for the agency’s staff only', {
      details: { reason: 'agency_only' },
    });
  return { ...caller, scope };
}

export const sessionToken = (req: Request): string | undefined => sessionTokenOf(req.headers.cookie);

/** The 429 of a locked user name or address, saying when to try again (also in `Retry-After`). */
export function lockedError(res: Response, lock: Lockout, now = Date.now()): VigilError {
  const seconds = Math.max(1, Math.ceil((lock.until - now) / 1000));
  const minutes = Math.ceil(seconds / 60);
  res.setHeader('Retry-After', String(seconds));
  const what = lock.by === 'user' ? 'for this account' : 'from this address';
  return new VigilError(
    'VIGIL_TOO_MANY_ATTEMPTS',
    `Too many failed logins ${what}: try again in ${minutes} minute(s), after ${new Date(lock.until).toISOString()}`,
    { details: { by: lock.by, lockedUntil: new Date(lock.until).toISOString(), retryAfterSeconds: seconds } },
  );
}

/** Verifying against a throw-away hash keeps an unknown user name from answering faster than a known one. */
let decoyHash: Promise<string> | undefined;
const decoy = (): Promise<string> => (decoyHash ??= hashPassword(randomPassword()));

export function authRoutes(deps: AuthDeps): Router {
  const router = Router();

  /**
   * Identical failures are those of one address, or of one user name, for the same reason: a guessing loop from
   * one address over many names and one over many addresses against one name both make one event per window,
   * while the first failure of each kind (and the moment a lock starts refusing) is written at once.
   */
  const failed = (req: Request, username: string, reason: FailureReason, user?: { id: string; orgUnitId: string }) => {
    const event = auditEvent(req, {
      type: 'audit.login.failed',
      severity: 'warning',
      message: `Login of "${username}" failed: ${REASON_WORDS[reason]}`,
      orgUnitId: user?.orgUnitId ?? null,
      userId: user?.id ?? null,
      data: { username, reason },
    });
    if (!deps.failures) return deps.bus.publish(event);
    const address = req.ip ?? 'unknown';
    deps.failures.publish(event, {
      keys: [`login|address|${address}|${reason}`, `login|user|${username.toLowerCase()}|${reason}`],
      facets: { username, address },
    });
  };

  router.post('/auth/login', async (req, res) => {
    const body = LoginInput.parse(req.body);
    const ip = req.ip ?? null;
    const user = deps.users.findByUsername(body.username);
    // Counted before the (slow) check: parallel guesses cannot all pass the lock before the first failure lands.
    const lock = deps.throttle.begin(body.username, ip);
    if (lock) {
      failed(req, body.username, 'locked', user);
      throw lockedError(res, lock);
    }
    const valid = await deps.passwords.verify(body.password, user?.passwordHash ?? (await decoy()));
    if (!user || !valid || user.disabled) {
      const reason: FailureReason = !user ? 'unknown_user' : !valid ? 'bad_password' : 'disabled';
      failed(req, body.username, reason, user);
      const locked = deps.throttle.fail(body.username, ip);
      if (locked) throw lockedError(res, locked);
      if (reason === 'disabled')
        throw new VigilError('VIGIL_UNAUTHENTICATED', 'This account is disabled: ask an administrator');
      throw new VigilError('VIGIL_UNAUTHENTICATED', 'Wrong user name or password');
    }
    deps.throttle.succeed(body.username, ip);
    const token = deps.sessions.create(user.id, ip);
    setSessionCookie(req, res, token);
    audit(deps.bus, req, {
      type: 'audit.login.succeeded',
      message: `${user.username} logged in`,
      orgUnitId: user.orgUnitId,
      userId: user.id,
      data: { username: user.username },
    });
    res.json({ user: { username: user.username, displayName: user.displayName, role: user.role } });
  });

  router.post('/auth/logout', (req, res) => {
    const token = sessionToken(req);
    if (token) deps.sessions.revoke(token);
    setSessionCookie(req, res, undefined);
    // Before the audit event: the socket of this session must not hear of its own logout.
    if (req.caller) deps.onUserChanged?.(req.caller.userId);
    if (req.caller) {
      audit(deps.bus, req, {
        type: 'audit.logout',
        message: `${req.caller.username} logged out`,
        orgUnitId: req.caller.orgUnitId,
        data: { username: req.caller.username },
      });
    }
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
        enterprise:
          caller.enterprise && caller.scope.kind === 'enterprise'
            ? { ...caller.enterprise, recordings: caller.scope.recordings }
            : null,
      },
    });
  });

  return router;
}
