// The login form: POST /api/auth/login, then back to the page that asked for a login.
import { api, ApiRequestError, errorMessage } from '../shared/api.js';
import { h } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import { languageToggle } from '../shell/language-toggle.js';

export interface LoginPageActions {
  /** Called after the hub accepted the credentials (the session cookie is set). */
  loggedIn(): void;
}

/** Wrong credentials, a lockout (saying when to try again) or anything else, in the current language. */
function loginFailureText(failure: unknown): string {
  if (!(failure instanceof ApiRequestError)) return t('login.error', { message: errorMessage(failure) });
  if (failure.status === 401) return t('login.failed');
  const details = failure.details as { retryAfterSeconds?: number; lockedUntil?: string } | undefined;
  if (failure.status === 429 && details?.retryAfterSeconds && details.lockedUntil) {
    const time = new Date(details.lockedUntil).toLocaleTimeString();
    return t('login.locked', { minutes: Math.ceil(details.retryAfterSeconds / 60), time });
  }
  return t('login.error', { message: errorMessage(failure) });
}

export function loginPage(actions: LoginPageActions): { element: HTMLElement; destroy(): void } {
  const username = h('input', {
    attrs: { name: 'username', autocomplete: 'username', required: true, id: 'login-username' },
    testId: 'login-username',
  });
  const password = h('input', {
    attrs: {
      name: 'password',
      type: 'password',
      autocomplete: 'current-password',
      required: true,
      id: 'login-password',
    },
    testId: 'login-password',
  });
  const submit = h('button', {
    className: 'primary',
    text: 'login.submit',
    attrs: { type: 'submit' },
    testId: 'login-submit',
  });
  const error = h('p', { className: 'login-error', attrs: { role: 'alert' }, testId: 'login-error' });
  const form = h('form', { className: 'login-card', testId: 'login-form' }, [
    h('div', { className: 'login-brand' }, [
      h('span', { className: 'brand-mark', attrs: { 'aria-hidden': 'true' } }),
      h('h1', { text: 'app.name' }),
    ]),
    h('p', { className: 'login-subtitle', text: 'login.subtitle' }),
    h('label', { attrs: { for: 'login-username' }, text: 'login.username' }),
    username,
    h('label', { attrs: { for: 'login-password' }, text: 'login.password' }),
    password,
    error,
    submit,
  ]);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    submit.textContent = t('login.submitting');
    api
      .login(username.value.trim(), password.value)
      .then(() => actions.loggedIn())
      .catch((failure: unknown) => {
        error.textContent = loginFailureText(failure);
        password.select();
      })
      .finally(() => {
        submit.disabled = false;
        submit.textContent = t('login.submit');
      });
  });

  const toggle = languageToggle();
  const element = h('main', { className: 'login-page', testId: 'login-page' }, [
    h('div', { className: 'login-lang' }, [toggle.element]),
    form,
  ]);
  return { element, destroy: toggle.destroy };
}
