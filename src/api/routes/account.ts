// The caller's own account: a password change needs the old password and ends every other session of the user.
import { Router } from 'express';
import { FIELD_PROBLEM_TEXTS, PasswordChange, type FieldProblem } from '../../contracts/index.js';
import type { LoginThrottle, PasswordChecker, SessionStore, UserStore } from '../../org/index.js';
import { VigilError } from '../../shared/errors.js';
import { audit, type AuditBus } from '../audit.js';
import { lockedError, requireCaller, sessionToken } from '../auth.js';

export interface AccountRoutesDeps {
  users: UserStore;
  sessions: SessionStore;
  throttle: LoginThrottle;
  passwords: PasswordChecker;
  bus: AuditBus;
  /** Called after a user's sessions or scope changed, so live connections are re-checked. */
  onUserChanged?: ((userId: string) => void) | undefined;
}

/** A 400 that names the field, in the shape zod errors take at the edge, with a code a console words itself. */
export function fieldError(path: string, problem: FieldProblem): VigilError {
  const message = FIELD_PROBLEM_TEXTS[problem].en;
  return new VigilError('VIGIL_VALIDATION', `${path}: ${message}`, { details: [{ path, message, code: problem }] });
}

export function checkNotUsername(password: string, username: string, path: string): void {
  if (password.toLowerCase().includes(username.toLowerCase())) {
    throw fieldError(path, 'contains_username');
  }
}

export function accountRoutes(deps: AccountRoutesDeps): Router {
  const router = Router();

  router.post('/auth/password', async (req, res) => {
    const caller = requireCaller(req);
    const body = PasswordChange.parse(req.body);
    const ip = req.ip ?? null;
    // A stolen session must not become a way to guess the password: the same throttle as the login.
    const lock = deps.throttle.begin(caller.username, ip);
    if (lock) throw lockedError(res, lock);
    const hash = deps.users.passwordHashOf(caller.userId);
    if (!hash || !(await deps.passwords.verify(body.oldPassword, hash))) {
      const locked = deps.throttle.fail(caller.username, ip);
      if (locked) throw lockedError(res, locked);
      throw fieldError('oldPassword', 'wrong_password');
    }
    deps.throttle.succeed(caller.username, ip);
    if (body.newPassword === body.oldPassword) throw fieldError('newPassword', 'same_password');
    checkNotUsername(body.newPassword, caller.username, 'newPassword');
    await deps.users.setPassword(caller.userId, body.newPassword);
    const token = sessionToken(req);
    if (token) deps.sessions.revokeOthersOf(caller.userId, token);
    deps.onUserChanged?.(caller.userId);
    audit(deps.bus, req, {
      type: 'audit.password.changed',
      message: `${caller.username} changed their password`,
      orgUnitId: caller.orgUnitId,
      data: { username: caller.username, target: caller.username, byAdmin: false },
    });
    res.status(204).end();
  });

  return router;
}
