// Coalescing windows with an injected clock: first at once, the rest as one summary with the count, nothing lost.
import { beforeEach, describe, expect, it } from 'vitest';
import { EventCoalescer, OTHER_VALUES, type DomainEvent } from '../../src/events/index.js';

const WINDOW = 60_000;

const failure = (username: string, ip: string, reason = 'bad_password'): DomainEvent => ({
  type: 'audit.login.failed',
  severity: 'warning',
  message: `Login of "${username}" failed`,
  ip,
  data: { username, reason },
});

describe('event coalescer', () => {
  let now: number;
  let out: DomainEvent[];
  let coalescer: EventCoalescer;
  const login = (username: string, ip: string, reason = 'bad_password'): void =>
    coalescer.publish(failure(username, ip, reason), {
      keys: [`ip|${ip}|${reason}`, `user|${username}|${reason}`],
      facets: { username, address: ip },
    });

  beforeEach(() => {
    now = 0;
    out = [];
    coalescer = new EventCoalescer({ publish: (event) => out.push(event), windowMs: WINDOW, now: () => now });
  });

  it('publishes the first failure at once and the rest of the window as one summary with the count', () => {
    for (let i = 0; i < 50; i++) {
      login('alice', '10.0.0.1');
      now += 100;
    }
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ message: 'Login of "alice" failed', data: { username: 'alice' } });
    now = WINDOW - 1;
    coalescer.closeDue();
    expect(out).toHaveLength(1);
    now = WINDOW;
    coalescer.closeDue();
    expect(out).toHaveLength(2);
    expect(out[1]).toMatchObject({
      type: 'audit.login.failed',
      ip: '10.0.0.1',
      message: 'Login of "alice" failed (49 more like this within 60 s)',
      data: {
        username: 'alice',
        reason: 'bad_password',
        count: 49,
        coalesced: {
          since: new Date(0).toISOString(),
          until: new Date(4900).toISOString(),
          windowSeconds: 60,
          facets: { username: { alice: 49 }, address: { '10.0.0.1': 49 } },
        },
      },
    });
  });

  it('keeps counting a failure that goes on: one summary per window, no new first event', () => {
    login('alice', '10.0.0.1');
    for (let window = 1; window <= 3; window++) {
      login('alice', '10.0.0.1');
      login('alice', '10.0.0.1');
      now = window * WINDOW;
      coalescer.closeDue();
    }
    expect(out.map((event) => (event.data as { count?: number }).count ?? 1)).toEqual([1, 2, 2, 2]);
    now += WINDOW;
    coalescer.closeDue();
    expect(out).toHaveLength(4);
    expect(coalescer.openWindows).toBe(0);
    login('alice', '10.0.0.1');
    expect(out).toHaveLength(5);
  });

  it('folds one address trying many names, and many addresses trying one name; a new reason is written at once', () => {
    login('alice', '10.0.0.1');
    for (let i = 0; i < 30; i++) login(`user${i}`, '10.0.0.1'); // the address's window
    for (let i = 2; i < 12; i++) login('bob', `10.0.0.${i}`); // opens at 10.0.0.2, then bob's window
    login('alice', '10.0.0.1', 'locked');
    expect(out.map((event) => [event.ip, (event.data as { reason: string }).reason])).toEqual([
      ['10.0.0.1', 'bad_password'],
      ['10.0.0.2', 'bad_password'],
      ['10.0.0.1', 'locked'],
    ]);
    now = WINDOW;
    coalescer.closeDue();
    const summaries = out
      .slice(3)
      .map((event) => event.data as { count: number; coalesced: { facets: Record<string, Record<string, number>> } });
    expect(summaries.map((data) => data.count).sort((a, b) => a - b)).toEqual([9, 30]);
    const byAddress = summaries.find((data) => data.count === 30);
    expect(Object.keys(byAddress?.coalesced.facets.username ?? {})).toHaveLength(21); // 20 names and the rest
    expect(byAddress?.coalesced.facets.username?.[OTHER_VALUES]).toBe(10);
    // Every failure is counted once: 3 written at once + 39 in summaries = 42.
    expect(out.length - summaries.length + summaries.reduce((sum, data) => sum + data.count, 0)).toBe(42);
  });

  it('writes what is still counted when it stops', () => {
    login('alice', '10.0.0.1');
    login('alice', '10.0.0.1');
    coalescer.stop();
    expect(out.map((event) => (event.data as { count?: number }).count)).toEqual([undefined, 1]);
    expect(coalescer.openWindows).toBe(0);
  });

  it('bounds the windows it keeps: beyond the limit, failures count into one window per type', () => {
    const small = new EventCoalescer({
      publish: (event) => out.push(event),
      windowMs: WINDOW,
      now: () => now,
      maxWindows: 4,
    });
    for (let i = 0; i < 100; i++) small.publish(failure('x', `10.1.0.${i}`), { keys: [`ip|10.1.0.${i}`] });
    expect(small.openWindows).toBe(5);
    expect(out).toHaveLength(5);
    small.stop();
    expect(out.at(-1)?.data).toMatchObject({ count: 95 });
  });
});
