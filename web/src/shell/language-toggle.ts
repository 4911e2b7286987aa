// The 中文 / English switch (two pressed-state buttons), shared by the top bar and the login page.
import { h } from '../shared/dom.js';
import { language, LANGUAGES, onLanguageChange, setLanguage, type Language } from '../shared/i18n.js';

const NAMES: Record<Language, string> = { 'zh-CN': '中文', en: 'English' };

export function languageToggle(): { element: HTMLElement; destroy(): void } {
  const buttons = LANGUAGES.map((lang) => {
    const button = h(
      'button',
      { className: 'lang-button', attrs: { type: 'button', lang }, dataset: { lang }, testId: `lang-${lang}` },
      [NAMES[lang]],
    );
    button.addEventListener('click', () => setLanguage(lang));
    return button;
  });
  const paint = (): void => {
    for (const button of buttons) button.setAttribute('aria-pressed', String(button.dataset.lang === language()));
  };
  paint();
  const element = h(
    'div',
    { className: 'lang-toggle', attrs: { role: 'group' }, i18nAttrs: { 'aria-label': 'top.language' } },
    buttons,
  );
  return { element, destroy: onLanguageChange(paint) };
}
