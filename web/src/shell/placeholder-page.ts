// Pages still to come (playback, events, admin): a localized "coming soon" notice.
import { h } from '../shared/dom.js';
import type { MessageKey } from '../shared/i18n.js';

export function placeholderPage(title: MessageKey, testId: string): HTMLElement {
  return h('section', { className: 'placeholder-page', testId }, [
    h('h1', { text: title }),
    h('p', { text: 'page.comingSoon' }),
  ]);
}
