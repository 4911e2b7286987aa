// Views of recorded footage: one view per user, subject and reason within the window; tokens bind only their own view.
import { describe, expect, it } from 'vitest';
import { RecordedViews, type ViewSubject } from '../../src/playback/index.js';

const MINUTE = 60_000;
const range: ViewSubject = { kind: 'range', cameraId: 'cam-1', fromMs: 10 * MINUTE, toMs: 20 * MINUTE };
const file = (fileId: number, fromMs: number): ViewSubject => ({
  kind: 'file',
  cameraId: 'cam-1',
  fileId,
  fromMs,
  toMs: fromMs + MINUTE,
});

function harness(maxViews?: number) {
  let now = 1_000_000;
  const views = new RecordedViews({ windowMs: 10 * MINUTE, maxViews, now: () => now });
  return { views, advance: (ms: number) => (now += ms) };
}

describe('recorded views', () => {
  it('is one view, used first once, for repeats of the same user, subject and reason within the window', () => {
    const { views, advance } = harness();
    const first = views.open('usr_a', range, 'case 1');
    expect(views.firstUse(first)).toBe(true);
    advance(9 * MINUTE);
    expect(views.open('usr_a', range, 'case 1')).toBe(first);
    expect(views.firstUse(first)).toBe(false);
    // Another reason, another user, or a repeat after the window: a new view each, with its own audit entry.
    expect(views.open('usr_a', range, 'case 2')).not.toBe(first);
    expect(views.open('usr_b', range, 'case 1')).not.toBe(first);
    advance(10 * MINUTE);
    const later = views.open('usr_a', range, 'case 1');
    expect(later).not.toBe(first);
    expect(views.firstUse(later)).toBe(true);
  });

  it("finds a range's view for its own user's files inside the range only", () => {
    const { views, advance } = harness();
    const view = views.open('usr_a', range, null);
    expect(views.find(view.token, 'usr_a', file(7, 15 * MINUTE))).toBe(view);
    expect(views.find(view.token, 'usr_b', file(7, 15 * MINUTE))).toBeUndefined();
    expect(views.find(view.token, 'usr_a', file(8, 30 * MINUTE))).toBeUndefined();
    expect(views.find(view.token, 'usr_a', { ...file(7, 15 * MINUTE), cameraId: 'cam-2' })).toBeUndefined();
    expect(views.find('no-such-token', 'usr_a', file(7, 15 * MINUTE))).toBeUndefined();
    expect(views.find(undefined, 'usr_a', file(7, 15 * MINUTE))).toBeUndefined();
    // Use keeps a view open; an unused one ends with the window.
    advance(9 * MINUTE);
    expect(views.find(view.token, 'usr_a', file(7, 15 * MINUTE))).toBe(view);
    advance(9 * MINUTE);
    expect(views.find(view.token, 'usr_a', file(7, 15 * MINUTE))).toBe(view);
    advance(10 * MINUTE);
    expect(views.find(view.token, 'usr_a', file(7, 15 * MINUTE))).toBeUndefined();
  });

  it("binds an export's token to that export only, and a file's to that file", () => {
    const { views } = harness();
    const exported = views.open(
      'usr_a',
      { kind: 'export', cameraId: 'cam-1', exportId: 'exp_1', fromMs: 0, toMs: MINUTE },
      null,
    );
    const one = { kind: 'export' as const, cameraId: 'cam-1', fromMs: 0, toMs: MINUTE };
    expect(views.find(exported.token, 'usr_a', { ...one, exportId: 'exp_1' })).toBe(exported);
    expect(views.find(exported.token, 'usr_a', { ...one, exportId: 'exp_2' })).toBeUndefined();
    expect(views.find(exported.token, 'usr_a', file(1, 0))).toBeUndefined();
    const single = views.open('usr_a', file(1, 0), null);
    expect(views.find(single.token, 'usr_a', file(1, 0))).toBe(single);
    expect(views.find(single.token, 'usr_a', file(2, 0))).toBeUndefined();
  });

  it('keeps at most maxViews, forgetting the least recently used', () => {
    const { views, advance } = harness(3);
    const [a, b, c] = [1, 2, 3].map((id) => {
      advance(1);
      return views.open('usr_a', file(id, 0), null);
    });
    advance(1);
    views.find(a?.token, 'usr_a', file(1, 0));
    views.open('usr_a', file(4, 0), null);
    expect(views.size).toBe(3);
    expect(views.find(b?.token, 'usr_a', file(2, 0))).toBeUndefined();
    expect(views.find(a?.token, 'usr_a', file(1, 0))).toBe(a);
    expect(views.find(c?.token, 'usr_a', file(3, 0))).toBe(c);
  });
});
