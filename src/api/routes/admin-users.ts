// Accounts within the admin's reach: list, create, edit (role, unit, disabled), password reset, unlock, delete.
import { Router, type Request } from 'express';
import { PasswordReset, UserInput, UserPatch, type AdminUser } from '../../contracts/index.js';
import { manages, type Caller, type UserRecord } from '../../org/index.js';
import { VigilError } from '../../shared/errors.js';
import { adminData, audit, changedFields } from '../audit.js';
import { checkNotUsername } from './account.js';
import { adminOf, managed, targetUnit, type AdminRoutesDeps } from './admin-common.js';

const FIELDS = ['displayName', 'role', 'orgUnitId', 'disabled'] as const;

export function userAdminRoutes(deps: AdminRoutesDeps): Router {
  const router = Router();
  const { users, throttle } = deps;

  const view = (user: UserRecord): AdminUser => {
    const locked = throttle.lockedUntil(user.username);
    return { ...user, lockedUntil: locked ? new Date(locked).toISOString() : null };
  };
  const userOf = (req: Request, caller: Caller): UserRecord =>
    managed(caller, users.get(String(req.params.id)), 'user');
  const publish = (req: Request, action: 'created' | 'updated' | 'deleted', user: UserRecord, data: object) =>
    audit(deps.bus, req, {
      type: `audit.admin.user.${action}`,
      message: `${req.caller?.username ?? ''} ${action} the account ${user.username}`,
      orgUnitId: user.orgUnitId,
      data: adminData(req, { targetUserId: user.id, target: user.username, ...data }),
    });

  /** An enterprise account lives in its enterprise's branch; an agency user names no enterprise. */
  const accountHome = (input: { role: string; orgUnitId: string; enterpriseId?: string | null | undefined }) => {
    if (input.role !== 'enterprise') return { orgUnitId: input.orgUnitId, enterpriseId: null };
    const enterprise = deps.org.getEnterprise(input.enterpriseId ?? '');
    if (!enterprise) {
      throw new VigilError('VIGIL_VALIDATION', `enterpriseId: no enterprise "${input.enterpriseId ?? ''}"`, {
        details: [{ path: 'enterpriseId', message: 'no such enterprise' }],
      });
    }
    return { orgUnitId: enterprise.orgUnitId, enterpriseId: enterprise.id };
  };

  router.get('/users', (req, res) => {
    const caller = adminOf(req);
    res.json({
      users: users
        .list()
        .filter((user) => manages(caller, user.orgUnitId))
        .map(view),
    });
  });

  router.post('/users', async (req, res) => {
    const caller = adminOf(req);
    const parsed = UserInput.parse(req.body);
    const body = { ...parsed, ...accountHome(parsed) };
    targetUnit(deps, caller, body.orgUnitId, 'add users');
    checkNotUsername(body.password, body.username, 'password');
    const user = await users.create(body);
    const { id: _id, ...fields } = user;
    publish(req, 'created', user, { user: fields });
    res.status(201).json(view(user));
  });

  router.patch('/users/:id', (req, res) => {
    const caller = adminOf(req);
    const before = userOf(req, caller);
    const body = UserPatch.parse(req.body);
    const turnsEnterprise = body.role !== undefined && (body.role === 'enterprise') !== (before.role === 'enterprise');
    const movesEnterpriseAccount =
      before.role === 'enterprise' && body.orgUnitId !== undefined && body.orgUnitId !== before.orgUnitId;
    // An enterprise account is bound to its enterprise for life: another use needs another account.
    if (turnsEnterprise || movesEnterpriseAccount)
      throw new VigilError('VIGIL_CONFLICT', 'An enterprise account cannot become an agency account or move', {
        details: { reason: 'enterprise_account_fixed' },
      });
    if (body.orgUnitId !== undefined && body.orgUnitId !== before.orgUnitId) {
      targetUnit(deps, caller, body.orgUnitId, 'move users');
    }
    const selfChange =
      before.id === caller.userId &&
      FIELDS.some((f) => f !== 'displayName' && body[f] !== undefined && body[f] !== before[f]);
    // An admin who demotes, moves or disables itself could leave nobody to manage its unit.
    if (selfChange)
      throw new VigilError('VIGIL_CONFLICT', 'You cannot change the role, unit or state of your own account', {
        details: { reason: 'own_account' },
      });
    const after = users.update(before.id, body);
    if (after.disabled && !before.disabled) deps.sessions.revokeAllOf(after.id);
    deps.onUserChanged?.(after.id);
    publish(req, 'updated', after, changedFields(before, after, FIELDS));
    res.json(view(after));
  });

  router.post('/users/:id/password', async (req, res) => {
    const caller = adminOf(req);
    const user = userOf(req, caller);
    const body = PasswordReset.parse(req.body);
    checkNotUsername(body.password, user.username, 'password');
    await users.setPassword(user.id, body.password);
    deps.sessions.revokeAllOf(user.id);
    throttle.unlock(user.username);
    deps.onUserChanged?.(user.id);
    publish(req, 'updated', user, { passwordReset: true });
    audit(deps.bus, req, {
      type: 'audit.password.changed',
      message: `${caller.username} reset the password of ${user.username}`,
      orgUnitId: user.orgUnitId,
      data: { username: caller.username, target: user.username, byAdmin: true },
    });
    res.status(204).end();
  });

  router.post('/users/:id/unlock', (req, res) => {
    const caller = adminOf(req);
    const user = userOf(req, caller);
    throttle.unlock(user.username);
    publish(req, 'updated', user, { unlocked: true });
    res.json(view(user));
  });

  router.delete('/users/:id', (req, res) => {
    const caller = adminOf(req);
    const user = userOf(req, caller);
    if (user.id === caller.userId) {
      throw new VigilError('VIGIL_CONFLICT', 'You cannot delete your own account', {
        details: { reason: 'own_account' },
      });
    }
    users.delete(user.id);
    deps.onUserChanged?.(user.id);
    const { id: _id, ...fields } = user;
    publish(req, 'deleted', user, { user: fields });
    res.status(204).end();
  });

  return router;
}
