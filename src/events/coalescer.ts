// Repeated identical failures become one event per window: the first at once, the rest counted into one summary.
import type { Service } from '../shared/service.js';
import type { CoalescedSummary, DomainEvent } from './types.js';

export interface CoalescerOptions {
  readonly publish: (event: DomainEvent) => void;
  readonly windowMs: number;
  readonly now?: () => number;
  /** Open windows at most; beyond, a failure counts into one window per event type (bounded memory). */
  readonly maxWindows?: number;
  /** How often due windows are closed. Default: a quarter of the window, at most 5 s. */
  readonly checkMs?: number;
}

export interface CoalesceKeys {
  /**
   * What makes two failures identical (e.g. the address and the reason; the user name and the reason). A failure
   * is counted in the first of its keys with an open window; with none open it is published and opens all of them.
   */
  readonly keys: readonly string[];
  /** Values tallied in the summary (user names, addresses, reasons), at most MAX_FACET_VALUES each. */
  readonly facets?: Readonly<Record<string, string | null | undefined>>;
}

interface Window {
  readonly keys: readonly string[];
  readonly first: DomainEvent;
  readonly openedAt: number;
  count: number;
  lastAt: number;
  readonly facets: Map<string, Map<string, number>>;
}

const MAX_FACET_VALUES = 20;
/** Tally key of the values beyond MAX_FACET_VALUES: they are counted, not named. */
export const OTHER_VALUES = '(others)';

/**
 * Never loses a count while the hub runs: every failure is either published or counted in exactly one open window,
 * and a window with a count is always published as a summary, at its end or when the hub stops.
 */
export class EventCoalescer implements Service {
  readonly name = 'event-coalescer';
  private readonly windows = new Map<string, Window>();
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: CoalescerOptions) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    const every = this.options.checkMs ?? Math.min(5_000, Math.max(50, this.options.windowMs / 4));
    this.timer = setInterval(() => this.closeDue(), every);
    this.timer.unref();
  }

  /** Publishes what is still counted: nothing counted is lost when the hub stops. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const window of new Set(this.windows.values())) this.close(window, false);
  }

  publish(event: DomainEvent, how: CoalesceKeys): void {
    const now = this.now();
    const full = this.windows.size >= (this.options.maxWindows ?? 10_000);
    const keys = full ? [`${event.type}|(overflow)`] : how.keys;
    const open = keys.map((key) => this.windows.get(key)).find((window) => window !== undefined);
    if (open) {
      open.count++;
      open.lastAt = now;
      tally(open.facets, how.facets);
      return;
    }
    this.options.publish(event);
    this.open(keys, event, now);
  }

  /** Closes the windows whose time is up (the timer calls this; tests with an injected clock too). */
  closeDue(): void {
    const due = this.now() - this.options.windowMs;
    for (const window of new Set(this.windows.values())) if (window.openedAt <= due) this.close(window, true);
  }

  /** Open windows, for tests and metrics. */
  get openWindows(): number {
    return new Set(this.windows.values()).size;
  }

  private open(keys: readonly string[], first: DomainEvent, now: number): void {
    const window: Window = { keys, first, openedAt: now, count: 0, lastAt: now, facets: new Map() };
    for (const key of keys) this.windows.set(key, window);
  }

  private close(window: Window, reopen: boolean): void {
    for (const key of window.keys) if (this.windows.get(key) === window) this.windows.delete(key);
    if (window.count === 0) return;
    this.options.publish(summaryOf(window, this.options.windowMs));
    // A failure that keeps coming gives one summary per window, not a first event and a summary each time.
    if (reopen) this.open(window.keys, window.first, this.now());
  }
}

function tally(facets: Map<string, Map<string, number>>, values: CoalesceKeys['facets']): void {
  for (const [name, value] of Object.entries(values ?? {})) {
    if (value === null || value === undefined) continue;
    const counts = facets.get(name) ?? new Map<string, number>();
    facets.set(name, counts);
    const slot = counts.has(value) || counts.size < MAX_FACET_VALUES ? value : OTHER_VALUES;
    counts.set(slot, (counts.get(slot) ?? 0) + 1);
  }
}

function summaryOf(window: Window, windowMs: number): DomainEvent {
  const first = window.first;
  const seconds = Math.round(windowMs / 1000);
  const summary: CoalescedSummary = {
    count: window.count,
    since: new Date(window.openedAt).toISOString(),
    until: new Date(window.lastAt).toISOString(),
    windowSeconds: seconds,
    facets: Object.fromEntries([...window.facets].map(([name, counts]) => [name, Object.fromEntries(counts)])),
  };
  const data = 'data' in first && first.data ? first.data : {};
  return {
    ...first,
    message: `${first.message} (${window.count} more like this within ${seconds} s)`,
    data: { ...data, count: window.count, coalesced: summary },
  } as DomainEvent;
}
