// The events page: filters, the newest-first table with "load more", live events on top, and the CSV of the view.
import type { EventItem, EventMessage } from '../../../src/contracts/index.js';
import { api, errorMessage } from '../shared/api.js';
import { h } from '../shared/dom.js';
import { eventText } from '../../../src/contracts/event-text.js';
import { language, localName, onLanguageChange, t, type MessageKey } from '../shared/i18n.js';
import { replaceParams } from '../shared/router.js';
import type { RealtimeConnection } from '../shared/socket.js';
import type { OrgModel } from '../org/model.js';
import { filterParams, matchesFilter } from './filter.js';
import { FilterForm, typeLabelKey } from './filter-form.js';

export interface EventsPageDeps {
  model: OrgModel;
  /** The logged-in user's org unit. */
  userUnitId: string;
  realtime: RealtimeConnection;
}

const COLUMNS: MessageKey[] = [
  'events.col.time',
  'events.col.severity',
  'events.col.type',
  'events.col.message',
  'events.col.where',
  'events.col.user',
  'events.col.ip',
];

export class EventsPage {
  readonly element: HTMLElement;
  private readonly form: FilterForm;
  private readonly body = h('tbody', { testId: 'events-rows' });
  private readonly status = h('p', { className: 'events-status', attrs: { role: 'status' }, testId: 'events-status' });
  private readonly more = h('button', {
    text: 'events.loadMore',
    attrs: { type: 'button' },
    testId: 'events-load-more',
  });
  private readonly cleanups: Array<() => void> = [];
  private applied = new URLSearchParams();
  private items: EventItem[] = [];
  private readonly shown = new Set<number>();
  private cursor: string | null = null;
  /** Increases with every new filter, so a late answer for an old filter is dropped. */
  private generation = 0;

  constructor(
    private readonly deps: EventsPageDeps,
    params: URLSearchParams,
  ) {
    this.form = new FilterForm(deps.model, deps.userUnitId, {
      apply: (next) => {
        replaceParams('events', next);
        this.load(next);
      },
    });
    const head = h('thead', {}, [
      h(
        'tr',
        {},
        COLUMNS.map((key) => h('th', { text: key, attrs: { scope: 'col' } })),
      ),
    ]);
    this.more.addEventListener('click', () => void this.fetchPage(this.generation));
    this.element = h('section', { className: 'events-page', testId: 'page-events' }, [
      h('header', { className: 'events-header' }, [
        h('h1', { text: 'page.events.title' }),
        h('p', { className: 'events-hint', text: 'events.live' }),
      ]),
      this.form.element,
      h('div', { className: 'events-table-wrap' }, [
        h('table', { className: 'events-table', testId: 'events-table' }, [head, this.body]),
      ]),
      this.status,
      this.more,
    ]);
    const onEvent = (message: EventMessage): void => this.live(message);
    // Events written while the socket was down come from the API once it is back.
    const onConnect = (): void => void this.catchUp(this.generation);
    deps.realtime.socket.on('event', onEvent);
    deps.realtime.socket.on('connect', onConnect);
    this.cleanups.push(
      () => deps.realtime.socket.off('event', onEvent),
      () => deps.realtime.socket.off('connect', onConnect),
      onLanguageChange(() => {
        this.renderAll();
        this.form.updateCsvLink(this.applied);
      }),
      () => this.form.destroy(),
    );
    this.applyParams(params);
  }

  /** Shows the filter of the page URL (`#/events?type=audit.&severity=warning`) and loads its first page. */
  applyParams(params: URLSearchParams): void {
    const next = filterParams(params);
    this.form.set(next);
    this.load(next);
  }

  destroy(): void {
    this.generation++;
    for (const cleanup of this.cleanups) cleanup();
  }

  private load(params: URLSearchParams): void {
    this.applied = params;
    this.form.updateCsvLink(params);
    this.items = [];
    this.shown.clear();
    this.cursor = null;
    this.body.replaceChildren();
    void this.fetchPage(++this.generation);
  }

  private async fetchPage(generation: number): Promise<void> {
    const query = new URLSearchParams(this.applied);
    if (this.cursor) query.set('cursor', this.cursor);
    this.setStatus('events.loading');
    this.more.hidden = true;
    try {
      const page = await api.events(query);
      if (generation !== this.generation) return;
      const fresh = page.events.filter((event) => !this.shown.has(event.id));
      for (const event of fresh) this.shown.add(event.id);
      this.items.push(...fresh);
      this.body.append(...fresh.map((event) => this.row(event)));
      this.cursor = page.nextCursor;
      this.more.hidden = page.nextCursor === null;
      this.setStatus(this.items.length === 0 ? 'events.empty' : null);
    } catch (error) {
      if (generation !== this.generation) return;
      this.status.textContent = t('events.error', { message: errorMessage(error) });
      this.status.dataset.state = 'error';
      this.more.hidden = this.cursor === null;
    }
  }

  /** Puts the newest events not yet shown on top, oldest of them first. */
  private async catchUp(generation: number): Promise<void> {
    if (this.items.length === 0) return;
    try {
      const page = await api.events(this.applied);
      if (generation !== this.generation) return;
      const top = this.items[0] as EventItem;
      const newer = (event: EventItem): boolean => event.at > top.at || (event.at === top.at && event.id > top.id);
      for (const event of page.events.filter(newer).reverse()) this.live(event);
    } catch (error) {
      // The list stays as it is; the next live event or search brings it up to date.
      console.warn('could not catch up on events', error);
    }
  }

  /** A pushed event that fits the filter goes on top (the hub sends only events in the user's scope). */
  private live(event: EventItem): void {
    if (this.shown.has(event.id) || !matchesFilter(this.applied, event)) return;
    this.shown.add(event.id);
    this.items.unshift(event);
    const row = this.row(event);
    row.classList.add('event-new');
    this.body.prepend(row);
    this.setStatus(null);
  }

  private renderAll(): void {
    this.body.replaceChildren(...this.items.map((event) => this.row(event)));
    if (this.status.dataset.key) this.setStatus(this.status.dataset.key as MessageKey);
  }

  private setStatus(key: MessageKey | null): void {
    this.status.textContent = key ? t(key) : '';
    this.status.dataset.key = key ?? '';
    this.status.dataset.state = key === 'events.empty' ? 'empty' : key ? 'loading' : 'idle';
  }

  private row(event: EventItem): HTMLTableRowElement {
    const { model } = this.deps;
    const typeKey = typeLabelKey(event.type);
    const unit = event.orgUnitId ? model.unit(event.orgUnitId) : undefined;
    const enterprise = event.enterpriseId ? model.enterprise(event.enterpriseId) : undefined;
    const camera = event.cameraId ? model.camera(event.cameraId) : undefined;
    const where = [
      unit ? localName(unit) : event.orgUnitId,
      enterprise ? localName(enterprise) : event.enterpriseId,
      camera ? localName(camera) : event.cameraId,
    ].filter(Boolean);
    return h(
      'tr',
      {
        className: `event-row severity-${event.severity}`,
        dataset: { eventId: String(event.id), type: event.type, severity: event.severity },
        testId: 'event-row',
      },
      [
        h('td', { className: 'event-time' }, [
          h('time', { attrs: { datetime: event.at } }, [new Date(event.at).toLocaleString(language())]),
        ]),
        h('td', {}, [
          h('span', { className: 'severity-badge', text: `events.severity.${event.severity}` as MessageKey }),
        ]),
        h('td', { attrs: { title: event.type } }, [typeKey ? t(typeKey) : event.type]),
        h('td', { className: 'event-message', attrs: { title: event.message } }, [
          eventText(event, language(), {
            camera: (id) => {
              const named = model.camera(id);
              return named ? localName(named) : undefined;
            },
            unit: (id) => {
              const named = model.unit(id);
              return named ? localName(named) : undefined;
            },
          }),
        ]),
        h('td', {}, [where.join(' / ')]),
        h('td', {}, [event.username ?? event.userId ?? '']),
        h('td', {}, [event.ip ?? '']),
      ],
    );
  }
}
