// The organisation's rules as plain values: the zod schemas build on them, and the console's forms check with them.
export const CREDIT_GRADES = ['A', 'B', 'C', 'D'] as const;

/** An enterprise's licence number: 4–40 letters, digits or dashes. */
export const LICENCE_NO = /^[A-Za-z0-9-]{4,40}$/;
