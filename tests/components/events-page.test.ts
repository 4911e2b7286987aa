// The events page in Chromium on the console's router, with the API and the socket stood in for: the filter in the
// address both ways, pages of older events, live events on top once, texts in the console's language.
import { createPinia } from 'pinia';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-vue';
import { h, markRaw } from 'vue';
import { RouterView } from 'vue-router';
import type { EventItem, EventPage } from '../../src/contracts/index.js';
import EventsPage from '../../web/src/events/EventsPage.vue';
import { api } from '../../web/src/shared/api.js';
import { setLanguage } from '../../web/src/shared/i18n.js';
import { createConsoleRouter } from '../../web/src/shared/router.js';
import type { RealtimeConnection } from '../../web/src/shared/socket.js';
import { useSession } from '../../web/src/shell/session.js';
import { eventItem, orgModel } from './event-fixtures.js';

/** The socket as far as the page uses it: listeners by event name, and a way to push to them. */
class FakeSocket {
  private readonly listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  on(name: string, listener: (...args: unknown[]) => void): void {
    if (!this.listeners.has(name)) this.listeners.set(name, new Set());
    this.listeners.get(name)?.add(listener);
  }
  off(name: string, listener: (...args: unknown[]) => void): void {
    this.listeners.get(name)?.delete(listener);
  }
  push(name: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(name) ?? []) listener(...args);
  }
  count(name: string): number {
    return this.listeners.get(name)?.size ?? 0;
  }
}

/** The other pages of the router. */
const Blank = { render: () => h('div') };
const HOUR = 3_600_000;
const base = Date.parse('2026-03-01T08:00:00.000Z');

/** 70 events an hour apart, newest first, as the hub would list them; every other one on the east camera. */
const HISTORY: EventItem[] = Array.from({ length: 70 }, (_, index) =>
  eventItem({
    id: 70 - index,
    at: new Date(base - index * HOUR).toISOString(),
    type: index % 2 === 0 ? 'camera.offline' : 'camera.reconnecting',
    severity: index % 2 === 0 ? 'error' : 'warning',
    cameraId: index % 2 === 0 ? 'cam-east' : 'cam-west',
    enterpriseId: index % 2 === 0 ? 'ent-east' : 'ent-west',
    orgUnitId: index % 2 === 0 ? 'east' : 'west',
    data:
      index % 2 === 0
        ? { stream: 'main', status: 'offline', reason: 'camera unreachable', reasonCode: 'unreachable' }
        : { stream: 'main', status: 'reconnecting', reason: null, reasonCode: null },
  }),
);

/** The API's paging over HISTORY: 50 at a time, the cursor being the index to start at. */
function answer(query: URLSearchParams): EventPage {
  const severity = query.get('severity')?.split(',');
  const matching = HISTORY.filter((event) => !severity || severity.includes(event.severity));
  const start = Number(query.get('cursor') ?? 0);
  const end = start + 50;
  return { events: matching.slice(start, end), nextCursor: end < matching.length ? String(end) : null };
}

describe('EventsPage', () => {
  const socket = new FakeSocket();
  const router = createConsoleRouter(
    { live: Blank, playback: Blank, events: EventsPage, links: Blank, admin: Blank },
    Blank,
  );
  const pinia = createPinia();
  let queries: string[] = [];

  beforeAll(() => {
    setLanguage('zh-CN');
    const session = useSession(pinia);
    session.user = {
      username: 'center-op',
      displayName: '值班员',
      role: 'operator',
      orgUnitId: 'center',
      orgUnitName: '省中心',
      scope: 'province',
    };
    session.model = markRaw(orgModel());
    session.realtime = markRaw({ socket } as unknown as RealtimeConnection);
    vi.spyOn(api, 'events').mockImplementation(async (query) => {
      queries.push(query.toString());
      return answer(query);
    });
  });
  afterAll(() => vi.restoreAllMocks());
  beforeEach(() => {
    queries = [];
  });

  async function open(address: string) {
    await router.push('/live');
    await router.push(address);
    return render(RouterView, { global: { plugins: [router, pinia] } });
  }
  const rows = () => page.getByTestId('event-row');
  const ids = () =>
    rows()
      .elements()
      .map((row) => Number(row.getAttribute('data-event-id')));

  it('lists the newest events first and reads older pages on demand', async () => {
    await open('/events');
    await expect.poll(() => rows().elements().length).toBe(50);
    expect(ids()).toEqual(HISTORY.slice(0, 50).map((event) => event.id));
    const times = rows()
      .elements()
      .map((row) => row.querySelector('time')?.getAttribute('datetime'));
    expect(times).toEqual(HISTORY.slice(0, 50).map((event) => event.at));
    await expect.element(page.getByTestId('events-table').getByText('时间', { exact: true })).toBeVisible();
    await page.getByTestId('events-load-more').click();
    await expect.poll(() => rows().elements().length).toBe(70);
    await expect.element(page.getByTestId('events-load-more')).not.toBeInTheDocument();
    expect(queries).toEqual(['', 'cursor=50']);
    expect(new Set(ids()).size).toBe(70);
  });

  it('orders by time both ways from the time column', async () => {
    await open('/events');
    await expect.poll(() => rows().elements().length).toBe(50);
    await page.getByTestId('events-table').getByText('时间', { exact: true }).click();
    await expect.poll(() => ids()[0]).toBe(HISTORY[49]?.id);
    await page.getByTestId('events-table').getByText('时间', { exact: true }).click();
    await expect.poll(() => ids()[0]).toBe(HISTORY[0]?.id);
  });

  it('shows the filter of the address and lists what it matches', async () => {
    await open('/events?type=camera.&severity=warning');
    await expect.poll(() => rows().elements().length).toBe(35);
    expect(queries).toEqual(['type=camera.&severity=warning']);
    await expect.element(page.getByTestId('events-filter-severity-warning').getByRole('checkbox')).toBeChecked();
    await expect
      .element(page.getByTestId('events-filter-type').getByRole('option', { selected: true, includeHidden: true }))
      .toHaveTextContent('摄像机状态（全部）');
    // Another address while the page is shown (a link, back or forward): the page shows that one.
    await router.push('/events?severity=error');
    await expect.element(page.getByTestId('events-filter-severity-warning').getByRole('checkbox')).not.toBeChecked();
    await expect.poll(() => queries).toEqual(['type=camera.&severity=warning', 'severity=error']);
    await expect.poll(() => rows().elements().length).toBe(35);
  });

  it('puts the filter applied in the address, and reset takes it out', async () => {
    await open('/events?severity=warning');
    await expect.poll(() => rows().elements().length).toBe(35);
    await page.getByTestId('events-filter-severity-error').click();
    await page.getByTestId('events-apply').click();
    await expect.poll(() => router.currentRoute.value.fullPath).toBe('/events?severity=warning,error');
    await expect.poll(() => rows().elements().length).toBe(50);
    await page.getByTestId('events-reset').click();
    await expect.poll(() => router.currentRoute.value.fullPath).toBe('/events');
    // The page's own address changes are not taken as new addresses: one query per filter.
    expect(queries).toEqual(['severity=warning', 'severity=warning%2Cerror', '']);
  });

  it('puts a live event that matches on top, once, and leaves out one that does not', async () => {
    await open('/events?severity=error');
    await expect.poll(() => rows().elements().length).toBe(35);
    expect(socket.count('event')).toBe(1);
    const live = eventItem({ id: 500, at: new Date(base + HOUR).toISOString(), severity: 'error' });
    socket.push('event', live);
    socket.push('event', live);
    socket.push('event', eventItem({ id: 501, at: new Date(base + 2 * HOUR).toISOString(), severity: 'info' }));
    await expect.poll(() => ids()[0]).toBe(500);
    expect(ids().filter((id) => id === 500)).toHaveLength(1);
    expect(ids()).not.toContain(501);
    expect(rows().elements()[0]?.classList.contains('event-new')).toBe(true);
    expect(rows().elements()[1]?.classList.contains('event-new')).toBe(false);
  });

  it('takes on top, after the socket comes back, the events it missed', async () => {
    await open('/events?severity=error');
    await expect.poll(() => rows().elements().length).toBe(35);
    const missed = eventItem({ id: 600, at: new Date(base + HOUR).toISOString(), severity: 'error' });
    HISTORY.unshift(missed);
    try {
      socket.push('connect');
      await expect.poll(() => ids()[0]).toBe(600);
      expect(rows().elements().length).toBe(36);
    } finally {
      HISTORY.shift();
    }
  });

  it('says the texts in the console language and changes them with it', async () => {
    await open('/events?severity=error');
    const message = () => page.getByTestId('event-row').first().element().querySelector('.event-message')?.textContent;
    await expect.poll(message).toMatch(/^东门.* 离线：无法连接摄像机$/);
    setLanguage('en');
    try {
      await expect.poll(message).toMatch(/East gate is offline: camera unreachable/);
      await expect.element(page.getByTestId('events-table').getByText('Time', { exact: true })).toBeVisible();
    } finally {
      setLanguage('zh-CN');
    }
  });

  it('stops listening to the socket when left', async () => {
    await open('/events');
    await expect.poll(() => socket.count('event')).toBe(1);
    await router.push('/live');
    await expect.poll(() => socket.count('event')).toBe(0);
    expect(socket.count('connect')).toBe(0);
  });
});
