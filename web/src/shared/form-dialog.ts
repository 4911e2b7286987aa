// A modal form: labelled fields with their own validation messages, server field errors mapped back, one error line.
import { h } from './dom.js';
import { failureText, fieldDetails, type FieldSpec, type FormValues } from './form-spec.js';
import { t, type MessageKey } from './i18n.js';

export type { FieldSpec, FormValues };

export interface FormDialogOptions {
  title: MessageKey;
  testId: string;
  fields: readonly FieldSpec[];
  /** Sends the values; a rejection with field details is shown next to the fields. */
  submit(values: FormValues): Promise<void>;
}

type Control = HTMLInputElement | HTMLSelectElement;

function controlFor(field: FieldSpec, id: string): Control {
  const testId = `field-${field.name}`;
  if (field.kind === 'select') {
    const select = h('select', { attrs: { id, name: field.name }, testId });
    for (const option of field.options ?? []) {
      select.append(h('option', { attrs: { value: option.value } }, [option.label]));
    }
    if (field.value !== undefined) select.value = field.value;
    return select;
  }
  const password = field.kind === 'password' || field.kind === 'new-password';
  const input = h('input', {
    attrs: {
      id,
      name: field.name,
      type: password ? 'password' : 'text',
      autocomplete: field.kind === 'new-password' ? 'new-password' : password ? 'current-password' : 'off',
      maxlength: field.maxLength,
    },
    testId,
  });
  input.value = field.value ?? '';
  return input;
}

/** Opens the form; resolves true once the submit succeeded, false when cancelled. */
export function openFormDialog(options: FormDialogOptions): Promise<boolean> {
  const controls = new Map<string, Control>();
  const errors = new Map<string, HTMLElement>();
  const rows = options.fields.map((field) => {
    const id = `form-${options.testId}-${field.name}`;
    const control = controlFor(field, id);
    const error = h('p', { className: 'field-error', testId: `field-error-${field.name}`, attrs: { role: 'alert' } });
    controls.set(field.name, control);
    errors.set(field.name, error);
    return h('div', { className: 'form-row' }, [h('label', { attrs: { for: id }, text: field.label }), control, error]);
  });
  const general = h('p', { className: 'form-error', testId: 'form-error', attrs: { role: 'alert' } });
  const cancel = h('button', { text: 'form.cancel', attrs: { type: 'button' }, testId: 'form-cancel' });
  const submit = h('button', {
    className: 'primary',
    text: 'form.save',
    attrs: { type: 'submit' },
    testId: 'form-submit',
  });
  const form = h('form', { className: 'form-dialog-body', attrs: { novalidate: true } }, [
    h('h2', { text: options.title }),
    ...rows,
    general,
    h('div', { className: 'form-buttons' }, [cancel, submit]),
  ]);
  const dialog = h('dialog', { className: 'form-dialog', testId: options.testId }, [form]);
  document.body.append(dialog);

  const values = (): FormValues =>
    Object.fromEntries(
      [...controls].map(([name, control]) => [name, control.value.trim() === '' ? '' : control.value]),
    );

  const validate = (current: FormValues): boolean => {
    let valid = true;
    for (const field of options.fields) {
      const value = current[field.name] ?? '';
      const problem = field.check && value !== '' ? field.check(value, current) : undefined;
      const message =
        field.required && value.trim() === ''
          ? t('form.required')
          : field.maxLength && value.length > field.maxLength
            ? t('form.tooLong', { max: field.maxLength })
            : problem
              ? t(problem)
              : '';
      (errors.get(field.name) as HTMLElement).textContent = message;
      if (message) valid = false;
    }
    return valid;
  };

  return new Promise((resolve) => {
    const finish = (result: boolean): void => {
      dialog.close();
      dialog.remove();
      resolve(result);
    };
    cancel.addEventListener('click', () => finish(false));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish(false);
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      general.textContent = '';
      const current = values();
      if (!validate(current)) return;
      submit.disabled = true;
      options
        .submit(current)
        .then(() => finish(true))
        .catch((error: unknown) => {
          const byField = fieldDetails(error);
          let shown = false;
          for (const [name, message] of byField) {
            const target = errors.get(name);
            if (target) {
              target.textContent = message;
              shown = true;
            }
          }
          if (!shown) general.textContent = failureText(error);
        })
        .finally(() => (submit.disabled = false));
    });
    dialog.showModal();
    controls.values().next().value?.focus();
  });
}
