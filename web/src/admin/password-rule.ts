// The hub's password rule checked in a form before sending (plain checks: no schema library in the console).
import { passwordAcceptable } from '../../../src/contracts/account-rules.js';
import type { FormValues } from '../shared/form-spec.js';
import type { MessageKey } from '../shared/i18n.js';

/** The check of a new-password field; the user name is read from the form or given. */
export function passwordCheck(username: (values: FormValues) => string) {
  return (value: string, values: FormValues): MessageKey | undefined => {
    if (!passwordAcceptable(value)) return 'form.passwordRule';
    const name = username(values).toLowerCase();
    return name && value.toLowerCase().includes(name) ? 'form.passwordHasUsername' : undefined;
  };
}
