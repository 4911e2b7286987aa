// Link health at the center: per branch, up or down, round trip, what live and playback reserve against the budget,
// what the line carries, open streams and retrieval jobs; read again every few seconds while shown.
import type { FederationLinkView } from '../../../src/contracts/index.js';
import { errorMessage, request } from '../shared/api.js';
import { h } from '../shared/dom.js';
import { t, type MessageKey } from '../shared/i18n.js';

const REFRESH_MS = 2000;
const COLUMNS: MessageKey[] = [
  'links.branch',
  'links.state',
  'links.rtt',
  'links.budget',
  'links.throughput',
  'links.streams',
  'links.retrievals',
  'links.cameras',
  'links.lastSeen',
];

export class LinksPage {
  readonly element: HTMLElement;
  private readonly body: HTMLTableSectionElement;
  private readonly message: HTMLElement;
  private timer: number | undefined;
  private ended = false;

  constructor() {
    this.body = h('tbody');
    this.message = h('p', { className: 'hint', testId: 'links-message' });
    this.element = h('section', { className: 'links-page', testId: 'page-links' }, [
      h('h1', { text: 'links.title' }),
      h('table', { className: 'events-table', testId: 'links-table' }, [
        h('thead', {}, [
          h(
            'tr',
            {},
            COLUMNS.map((key) => h('th', { text: key })),
          ),
        ]),
        this.body,
      ]),
      this.message,
    ]);
    void this.refresh();
  }

  destroy(): void {
    this.ended = true;
    window.clearTimeout(this.timer);
  }

  private async refresh(): Promise<void> {
    try {
      const answer = await request<{ links: FederationLinkView[] }>('/api/federation/links');
      if (this.ended) return;
      const links = answer?.links ?? [];
      this.body.replaceChildren(...links.map((link) => this.row(link)));
      this.message.textContent = links.length === 0 ? t('links.none') : '';
    } catch (error) {
      if (!this.ended) this.message.textContent = t('links.loadFailed', { message: errorMessage(error) });
    }
    if (!this.ended) this.timer = window.setTimeout(() => void this.refresh(), REFRESH_MS);
  }

  private row(link: FederationLinkView): HTMLElement {
    const kbps = (value: number) => t('links.kbps', { value: Math.round(value) });
    const cells = [
      link.name ?? link.branchId,
      t(link.state === 'up' ? 'links.up' : 'links.down'),
      link.rttMs === null ? '—' : t('links.ms', { value: Math.round(link.rttMs) }),
      `${kbps(link.usedKbps)} / ${kbps(link.budgetKbps)}`,
      kbps(link.throughputKbps),
      String(link.streams),
      String(link.retrievals),
      String(link.cameras),
      link.lastSeenAt ? new Date(link.lastSeenAt).toLocaleString() : '—',
    ];
    return h(
      'tr',
      { testId: `link-${link.branchId}`, dataset: { state: link.state } },
      cells.map((text) => h('td', {}, [text])),
    );
  }
}
