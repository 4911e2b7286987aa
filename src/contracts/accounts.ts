// Wire types of accounts and administration: roles, the password rule, and the admin API's bodies and resources.
import { z } from 'zod';
import {
  hasLettersAndMore,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PUBLISHED_DEMO_PASSWORD,
  ROLES,
  USERNAME,
} from './account-rules.js';
import { CreditGrade, Enterprise, OrgUnit } from './org.js';
import { LICENCE_NO } from './org-values.js';

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PUBLISHED_DEMO_PASSWORD, ROLES, USERNAME };
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** The strength rule for every new password: long enough, not letters alone, not the published demo password. */
export const NewPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters long`)
  .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters long`)
  .refine(hasLettersAndMore, {
    message: 'must contain letters and at least one digit or symbol',
  })
  .refine((value) => value !== PUBLISHED_DEMO_PASSWORD, { message: 'must not be the published demo password' });

const name = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .transform((value) => (value === '' ? null : value))
    .nullable()
    .optional();
const unitId = z.string().trim().min(1, 'must name an org unit').max(100);

export const OrgUnitInput = z.strictObject({ name, nameEn: optionalText(100) });
export const OrgUnitPatch = OrgUnitInput.partial();

export const EnterpriseInput = z.strictObject({
  orgUnitId: unitId,
  name,
  nameEn: optionalText(100),
  licenceNo: optionalText(40).refine((value) => value === null || value === undefined || LICENCE_NO.test(value), {
    message: 'must be 4–40 letters, digits or dashes',
  }),
  address: optionalText(200),
  contact: optionalText(100),
  creditGrade: CreditGrade,
});
export const EnterprisePatch = EnterpriseInput.partial();

const enterpriseId = z.string().trim().min(1, 'must name an enterprise').max(100);

/**
 * A new account: an agency user belongs to an org unit; an enterprise account (role `enterprise`) to one enterprise
 * (`enterpriseId`), and its unit is that enterprise's branch.
 */
export const UserInput = z
  .strictObject({
    username: z.string().trim().regex(USERNAME, 'must be 3–40 letters, digits, dots, dashes or underscores'),
    displayName: name,
    role: Role,
    orgUnitId: unitId,
    enterpriseId: enterpriseId.nullable().optional(),
    password: NewPassword,
  })
  .refine((user) => user.role !== 'enterprise' || Boolean(user.enterpriseId), {
    message: 'an enterprise account must name its enterprise',
    path: ['enterpriseId'],
  });
export const UserPatch = z.strictObject({
  displayName: name.optional(),
  role: Role.optional(),
  orgUnitId: unitId.optional(),
  disabled: z.boolean().optional(),
});
export const PasswordReset = z.strictObject({ password: NewPassword });
export const PasswordChange = z.strictObject({
  oldPassword: z.string().min(1, 'must not be empty').max(PASSWORD_MAX_LENGTH),
  newPassword: NewPassword,
});

export const AdminOrgUnit = OrgUnit.extend({ enterprises: z.number(), users: z.number() });
export type AdminOrgUnit = z.infer<typeof AdminOrgUnit>;

export const AdminEnterprise = Enterprise.extend({ cameras: z.number() });
export type AdminEnterprise = z.infer<typeof AdminEnterprise>;

export const AdminUser = z.object({
  id: z.string(),
  orgUnitId: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  disabled: z.boolean(),
  enterpriseId: z.string().nullable(),
  /** ISO time until which logins are refused after repeated failures; null when not locked. */
  lockedUntil: z.string().nullable(),
});
export type AdminUser = z.infer<typeof AdminUser>;

export type OrgUnitInput = z.input<typeof OrgUnitInput>;
export type EnterpriseInput = z.input<typeof EnterpriseInput>;
export type UserInput = z.input<typeof UserInput>;
export type UserPatch = z.input<typeof UserPatch>;

/** POST /api/auth/login. */
export const LoginInput = z.strictObject({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
});
export type LoginInput = z.infer<typeof LoginInput>;

/** The answer to a login: who is now logged in. */
export const LoginReply = z.object({
  user: z.object({ username: z.string(), displayName: z.string(), role: Role }),
});
export type LoginReply = z.infer<typeof LoginReply>;

/** The logged-in user as `GET /api/auth/me` returns it. */
export const SessionUser = z.object({
  username: z.string(),
  displayName: z.string(),
  role: Role,
  orgUnitId: z.string(),
  orgUnitName: z.string(),
  /** `province` for center users, `branch` for branch users, `enterprise` for an enterprise's own accounts. */
  scope: z.enum(['province', 'branch', 'enterprise']),
  /** The enterprise of an enterprise account (and whether it may read its recordings); null for the agency's users. */
  enterprise: z.object({ id: z.string(), name: z.string(), recordings: z.boolean() }).nullable(),
});
export type SessionUser = z.infer<typeof SessionUser>;

export const MeReply = z.object({ user: SessionUser });
export type MeReply = z.infer<typeof MeReply>;
