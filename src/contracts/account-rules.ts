// The account rules as plain values and checks: the zod schemas build on them, and the console checks forms with them.
/** `enterprise`: an account of a supervised enterprise, which sees only its own enterprise. */
export const ROLES = ['admin', 'operator', 'inspector', 'enterprise'] as const;
/** The agency's own roles (everything but enterprise accounts). */
export const AGENCY_ROLES = ['admin', 'operator', 'inspector'] as const;

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/** The password of the demo accounts, printed in the documentation: never a password anyone may choose. */
export const PUBLISHED_DEMO_PASSWORD = 'vigil-demo';

export const USERNAME = /^[A-Za-z0-9._-]{3,40}$/;

/** Not letters alone: at least one letter and one digit or symbol. */
export const hasLettersAndMore = (value: string): boolean => /\p{L}/u.test(value) && /[^\p{L}]/u.test(value);

/** The strength rule for every new password, as one yes or no. */
export const passwordAcceptable = (value: string): boolean =>
  value.length >= PASSWORD_MIN_LENGTH &&
  value.length <= PASSWORD_MAX_LENGTH &&
  hasLettersAndMore(value) &&
  value !== PUBLISHED_DEMO_PASSWORD;
