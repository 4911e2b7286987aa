// Small form builders for the admin tabs: labelled fields, selects, status lines, tables, and the tab shape.
import type { StreamTestResult } from '../../../../src/contracts/index.js';
import { h } from '../../shared/dom.js';
import { t, type MessageKey } from '../../shared/i18n.js';

export type { AdminTab } from '../tabs.js';

let fieldCount = 0;

/** A label above its control, tied by id. */
export function field(label: MessageKey, control: HTMLElement): HTMLElement {
  const id = control.id || `admin-field-${++fieldCount}`;
  control.id = id;
  return h('div', { className: 'admin-field' }, [h('label', { text: label, attrs: { for: id } }), control]);
}

export function input(testId: string, attrs: Record<string, string | boolean> = {}): HTMLInputElement {
  return h('input', { testId, attrs: { autocomplete: 'off', ...attrs } });
}

/** A select of [value, label] pairs; labels are shown as given (already translated or proper names). */
export function select(testId: string, options: Array<[string, string]>, value?: string): HTMLSelectElement {
  const element = h(
    'select',
    { testId },
    options.map(([optionValue, label]) => h('option', { attrs: { value: optionValue } }, [label])),
  );
  if (value !== undefined) element.value = value;
  return element;
}

export function button(label: MessageKey, testId: string, primary = false): HTMLButtonElement {
  return h('button', { className: primary ? 'primary' : '', text: label, testId, attrs: { type: 'button' } });
}

/** A status line: `kind` colours it (ok, warn, error) for sighted users; role=status reads it out. */
export function statusLine(testId: string): {
  element: HTMLElement;
  set(kind: 'ok' | 'warn' | 'error' | '', text: string): void;
} {
  const element = h('p', { className: 'admin-status', testId, attrs: { role: 'status' } });
  return {
    element,
    set(kind, text) {
      element.dataset.kind = kind;
      element.textContent = text;
    },
  };
}

export function table(headers: MessageKey[], rows: HTMLElement[], testId: string): HTMLTableElement {
  return h('table', { className: 'admin-table', testId }, [
    h('thead', {}, [
      h(
        'tr',
        {},
        headers.map((key) => h('th', { text: key })),
      ),
    ]),
    h('tbody', {}, rows),
  ]);
}

export function cell(...children: Array<Node | string>): HTMLTableCellElement {
  return h('td', {}, children);
}

/** A stream test's outcome in words: codec, size and rate, the H.265 caveat, or the translated reason. */
export function describeStreamTest(result: StreamTestResult): { kind: 'ok' | 'warn' | 'error'; text: string } {
  if (!result.ok) {
    const key = `adminCam.reason.${result.reason.code}` as MessageKey;
    // Every failure code has words here; a code added later falls back to the hub's own message.
    const reason = (t(key) as string | undefined) ?? result.reason.message;
    return {
      kind: 'error',
      text: t('adminCam.form.testFailed', {
        reason: reason + (result.reason.detail ? ` (${result.reason.detail})` : ''),
      }),
    };
  }
  const params = {
    codec: result.codec.toUpperCase(),
    width: result.width,
    height: result.height,
    fps: result.fps ?? '?',
  };
  return result.browserPlayable
    ? { kind: 'ok', text: t('adminCam.form.testOk', params) }
    : { kind: 'warn', text: t('adminCam.form.testH265', params) };
}
