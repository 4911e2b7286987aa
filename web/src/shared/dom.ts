// Tiny DOM helpers: typed element creation with i18n-bound texts and attributes.
import { t, type MessageKey, type TranslatableAttribute } from './i18n.js';
import { ICONS } from './icons.js';

type Child = Node | string | null | undefined | false;

export interface ElementOptions {
  className?: string;
  /** Text bound to a dictionary key: re-translated on language change. */
  text?: MessageKey;
  /** Attributes bound to dictionary keys (aria-label, title, placeholder). */
  i18nAttrs?: Partial<Record<TranslatableAttribute, MessageKey>>;
  attrs?: Record<string, string | number | boolean | undefined>;
  dataset?: Record<string, string>;
  testId?: string;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  children: Child[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.className) element.className = options.className;
  if (options.text) {
    element.dataset.i18n = options.text;
    element.textContent = t(options.text);
  }
  for (const [attribute, key] of Object.entries(options.i18nAttrs ?? {})) {
    element.setAttribute(`data-i18n-${attribute}`, key);
    element.setAttribute(attribute, t(key));
  }
  for (const [name, value] of Object.entries(options.attrs ?? {})) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  Object.assign(element.dataset, options.dataset ?? {});
  if (options.testId) element.dataset.testid = options.testId;
  for (const child of children) {
    if (child) element.append(child);
  }
  return element;
}

/** A `<button type="button">` with an accessible label bound to a dictionary key. */
export function iconButton(label: MessageKey, content: Child, options: ElementOptions = {}): HTMLButtonElement {
  return h(
    'button',
    {
      ...options,
      className: `icon-button ${options.className ?? ''}`.trim(),
      attrs: { type: 'button', ...options.attrs },
      i18nAttrs: { 'aria-label': label, title: label, ...options.i18nAttrs },
    },
    [content],
  );
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An inline 16×16 stroke icon made of SVG path data. */
export function icon(paths: string[]): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  svg.classList.add('icon');
  for (const d of paths) {
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}

export function iconOf(name: keyof typeof ICONS): SVGSVGElement {
  return icon([...ICONS[name]]);
}
