// The day timeline in Chromium: pixel ↔ time, zoom about an anchor, clamping to the day, tick spacing, bars drawn.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { Timeline } from '../../web/src/playback/timeline.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A local day without a clock change. */
const DAY_START = new Date(2026, 5, 10).getTime();
const DAY_END = new Date(2026, 5, 11).getTime();
const at = (hours: number): number => DAY_START + hours * HOUR;

describe('Timeline', () => {
  let timeline: Timeline;
  let seeks: number[];
  let frame: HTMLElement;

  const track = (): HTMLElement => frame.querySelector<HTMLElement>('[data-testid="timeline"]') as HTMLElement;
  const box = (): DOMRect => track().getBoundingClientRect();
  const view = (): [number, number] => [Number(track().dataset.viewStart), Number(track().dataset.viewEnd)];
  /** Left and right edges of an element, as fractions of the track's width. */
  const edges = (element: Element): [number, number] => {
    const outer = box();
    const inner = element.getBoundingClientRect();
    return [(inner.left - outer.left) / outer.width, (inner.right - outer.left) / outer.width];
  };
  const ticks = (): string[] => [...frame.querySelectorAll('.timeline-tick')].map((tick) => tick.textContent ?? '');

  beforeEach(() => {
    seeks = [];
    timeline = new Timeline({ onSeek: (ms) => seeks.push(ms) });
    frame = document.createElement('div');
    // As wide as the test frame: a click scrolls nothing.
    frame.style.width = '100%';
    frame.append(timeline.element);
    document.body.append(frame);
    timeline.setDay(DAY_START, DAY_END);
  });

  afterEach(() => frame.remove());

  it('maps pixels to times over the view, and clamps outside the track to its ends', () => {
    const { left, width } = box();
    expect(timeline.timeAt(left)).toBe(DAY_START);
    expect(timeline.timeAt(left + width / 4)).toBe(at(6));
    expect(timeline.timeAt(left + width)).toBe(DAY_END);
    expect(timeline.timeAt(left - 80)).toBe(DAY_START);
    expect(timeline.timeAt(left + width + 80)).toBe(DAY_END);
  });

  it('zooms about an anchor, which stays under the same pixel', () => {
    const { left, width } = box();
    timeline.zoom(1 / 2, at(6));
    expect(view()).toEqual([at(3), at(15)]);
    expect(timeline.timeAt(left + width / 4)).toBe(at(6));
    // 12:00 stood three quarters across 03:00–15:00, and still does across three hours.
    timeline.zoom(1 / 4, at(12));
    expect(view()).toEqual([at(9.75), at(12.75)]);
    expect(timeline.timeAt(left + (width * 3) / 4)).toBe(at(12));
  });

  it('zooms no closer than five minutes and no further than the whole day', () => {
    timeline.zoom(1 / 1000, at(12));
    const [start, end] = view();
    expect(end - start).toBe(5 * MINUTE);
    expect(start).toBeLessThanOrEqual(at(12));
    expect(end).toBeGreaterThanOrEqual(at(12));
    timeline.zoom(1000, at(12));
    expect(view()).toEqual([DAY_START, DAY_END]);
  });

  it('keeps the view inside the day when a zoom about an edge would leave it', () => {
    timeline.zoom(1 / 2, at(23));
    expect(view()).toEqual([at(11.5), at(23.5)]);
    // 18 h about 12:00 would end at 05:15 the next day: the view keeps its span and ends with the day.
    timeline.zoom(3 / 2, at(12));
    expect(view()).toEqual([at(6), DAY_END]);
    timeline.zoom(2, at(12));
    expect(view()).toEqual([DAY_START, DAY_END]);
    timeline.zoom(1 / 2, at(1));
    expect(view()).toEqual([at(0.5), at(12.5)]);
    // And would begin the day before: it begins with the day.
    timeline.zoom(3 / 2, at(12));
    expect(view()).toEqual([DAY_START, at(18)]);
  });

  it('spaces ticks on clock multiples: two hours over the day, five minutes over an hour, one over five', () => {
    expect(ticks().slice(0, 4)).toEqual(['00:00', '02:00', '04:00', '06:00']);
    expect(ticks()).toHaveLength(13);
    timeline.zoom(1 / 24, at(10));
    expect(view()).toEqual([at(9 + 35 / 60), at(10 + 35 / 60)]);
    expect(ticks()).toHaveLength(13);
    expect(ticks().slice(0, 3)).toEqual(['09:35', '09:40', '09:45']);
    // 09:57:55–10:02:55: minutes, from the first whole one in view.
    timeline.zoom(1 / 12, at(10));
    expect(view()).toEqual([at(10) - 125_000, at(10) + 175_000]);
    expect(ticks()).toEqual(['09:58', '09:59', '10:00', '10:01', '10:02']);
    const spread = [...frame.querySelectorAll('.timeline-tick')].map((tick) => edges(tick)[0]);
    for (let i = 1; i < spread.length; i++) expect(spread[i]! - spread[i - 1]!).toBeCloseTo(1 / 5, 2);
  });

  it('draws recorded ranges and gaps where they fall in the view, clipped to it', () => {
    timeline.setRanges([{ startMs: at(9), endMs: at(10) }], [{ startMs: at(10), endMs: at(12) }]);
    const [range] = frame.querySelectorAll('[data-testid="timeline-range"]');
    const [gap] = frame.querySelectorAll('[data-testid="timeline-gap"]');
    expect(edges(range!)[0]).toBeCloseTo(9 / 24, 2);
    expect(edges(range!)[1]).toBeCloseTo(10 / 24, 2);
    expect(edges(gap!)[0]).toBeCloseTo(10 / 24, 2);
    expect(edges(gap!)[1]).toBeCloseTo(12 / 24, 2);
    // Zoomed to 09:35–10:35 the range is drawn from the track's left edge, the gap to its right edge.
    timeline.zoom(1 / 24, at(10));
    expect(view()).toEqual([at(9 + 35 / 60), at(10 + 35 / 60)]);
    const [clippedRange] = frame.querySelectorAll('[data-testid="timeline-range"]');
    const [clippedGap] = frame.querySelectorAll('[data-testid="timeline-gap"]');
    expect(edges(clippedRange!)[0]).toBeCloseTo(0, 2);
    expect(edges(clippedRange!)[1]).toBeCloseTo(25 / 60, 2);
    expect(edges(clippedGap!)[0]).toBeCloseTo(25 / 60, 2);
    expect(edges(clippedGap!)[1]).toBeCloseTo(1, 2);
    // Out of view: not drawn at all.
    timeline.zoom(1 / 12, at(10.4));
    expect(frame.querySelectorAll('[data-testid="timeline-range"]')).toHaveLength(0);
  });

  it('shows the selection and the playhead only inside the view', () => {
    const selection = frame.querySelector<HTMLElement>('[data-testid="timeline-selection"]') as HTMLElement;
    const playhead = frame.querySelector<HTMLElement>('[data-testid="timeline-playhead"]') as HTMLElement;
    expect(selection.hidden).toBe(true);
    timeline.setSelection({ startMs: at(6), endMs: at(18) });
    expect(selection.hidden).toBe(false);
    expect(edges(selection)[0]).toBeCloseTo(1 / 4, 2);
    timeline.setPlayhead(at(12));
    expect(playhead.hidden).toBe(false);
    timeline.zoom(1 / 24, at(20));
    expect(selection.hidden).toBe(true);
    expect(playhead.hidden).toBe(true);
  });

  it('seeks to the time under a click', async () => {
    const { left, width, height } = box();
    let clientX = NaN;
    track().addEventListener('pointerup', (event) => (clientX = event.clientX));
    await userEvent.click(track(), { position: { x: Math.round(width * 0.75), y: Math.round(height / 2) } });
    expect(seeks).toHaveLength(1);
    expect(seeks[0]).toBe(timeline.timeAt(clientX));
    // Three quarters across the track, to within the time a pixel or two spans (its border, the rounding).
    expect(Math.abs(clientX - (left + width * 0.75))).toBeLessThan(2);
    expect(Math.abs((seeks[0] ?? 0) - at(18))).toBeLessThan((2 * (DAY_END - DAY_START)) / width);
  });
});
