// What a form field is (for the form dialog), and how a failed submit is worded for the user.
import { ApiRequestError, errorMessage } from './api.js';
import { fieldProblemText } from '../../../src/contracts/error-text.js';
import { language, t, type MessageKey } from './i18n.js';

export type FormValues = Record<string, string>;

export interface FieldSpec {
  name: string;
  label: MessageKey;
  kind?: 'text' | 'password' | 'select' | 'new-password';
  /** For selects: the choices, already localized. */
  options?: ReadonlyArray<{ value: string; label: string }>;
  value?: string;
  required?: boolean;
  maxLength?: number;
  /** A message key when the value is not acceptable, given all values (for confirmations). */
  check?: (value: string, values: FormValues) => MessageKey | undefined;
}

/** Field messages from a 400 (`details: [{ path, message, code? }]`) in the console's language, by field name. */
export function fieldDetails(error: unknown): Map<string, string> {
  const found = new Map<string, string>();
  if (!(error instanceof ApiRequestError) || !Array.isArray(error.details)) return found;
  for (const detail of error.details as Array<{ path?: unknown; message?: unknown; code?: unknown }>) {
    if (typeof detail.path === 'string' && typeof detail.message === 'string') {
      found.set(detail.path, fieldProblemText({ message: detail.message, code: detail.code }, language()));
    }
  }
  return found;
}

/** A failed submit that names no field: a conflict, a refusal, invalid input or anything else. */
export function failureText(error: unknown): string {
  const message = errorMessage(error);
  if (!(error instanceof ApiRequestError)) return t('admin.actionFailed', { message });
  if (error.status === 409) return t('form.conflict', { message });
  if (error.status === 403) return t('form.forbidden', { message });
  if (error.status === 400) return t('form.invalid', { message });
  return t('admin.actionFailed', { message });
}
