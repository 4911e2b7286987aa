// The day timeline: recorded ranges and gaps, zoom from 24 h to minutes (wheel, buttons, drag to pan), click to seek.
import { h, icon, iconButton } from '../shared/dom.js';
import { timeOfDay } from './clock.js';
import './timeline.css';

export interface Span {
  startMs: number;
  endMs: number;
}

export interface TimelineOptions {
  /** A click on the track: the wall-clock time under the pointer. */
  onSeek(ms: number): void;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** The closest zoom: five minutes across the track. */
const MIN_VIEW_MS = 5 * MINUTE;
const ZOOM_STEP = 2;
/** Tick spacings to choose from: the first giving at most MAX_TICKS ticks over the view wins. */
const TICK_STEPS = [MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR];
const MAX_TICKS = 12;
/** A pointer that moved further than this between down and up dragged the view instead of clicking. */
const DRAG_PX = 4;

/** A tick's label: the local `HH:MM`. */
const clockLabel = (ms: number): string => timeOfDay(ms).slice(0, 5);

export class Timeline {
  readonly element: HTMLElement;
  private readonly track: HTMLElement;
  private readonly ranges: HTMLElement;
  private readonly ticks: HTMLElement;
  private readonly playheadLine: HTMLElement;
  private readonly selectionBand: HTMLElement;
  private dayStart = 0;
  private dayEnd = 24 * HOUR;
  private viewStart = 0;
  private viewEnd = 24 * HOUR;
  private recorded: Span[] = [];
  private gaps: Span[] = [];
  private retrieved: Span[] = [];
  private retrieving: Span[] = [];
  private playhead: number | null = null;
  private selection: Span | null = null;
  private drag: { x: number; viewStart: number; moved: boolean } | null = null;

  constructor(private readonly options: TimelineOptions) {
    this.ranges = h('div', { className: 'timeline-ranges' });
    this.ticks = h('div', { className: 'timeline-ticks' });
    this.selectionBand = h('div', { className: 'timeline-selection', testId: 'timeline-selection' });
    this.playheadLine = h('div', { className: 'timeline-playhead', testId: 'timeline-playhead' });
    this.track = h(
      'div',
      {
        className: 'timeline-track',
        testId: 'timeline',
        attrs: { role: 'slider', tabindex: 0 },
        i18nAttrs: { 'aria-label': 'playback.timeline', title: 'playback.timeline' },
      },
      [this.ranges, this.selectionBand, this.playheadLine, this.ticks],
    );
    const zoomOut = iconButton('playback.zoomOut', icon(['M3 8h10']), { testId: 'timeline-zoom-out' });
    const zoomIn = iconButton('playback.zoomIn', icon(['M3 8h10', 'M8 3v10']), { testId: 'timeline-zoom-in' });
    const zoomAll = iconButton('playback.zoomAll', icon(['M2 5v6', 'M14 5v6', 'M2 8h12']), {
      testId: 'timeline-zoom-all',
    });
    zoomOut.addEventListener('click', () => this.zoom(ZOOM_STEP, this.anchor()));
    zoomIn.addEventListener('click', () => this.zoom(1 / ZOOM_STEP, this.anchor()));
    zoomAll.addEventListener('click', () => this.setView(this.dayStart, this.dayEnd));
    this.element = h('div', { className: 'timeline' }, [
      h('div', { className: 'timeline-zoom' }, [zoomOut, zoomIn, zoomAll]),
      this.track,
    ]);
    this.track.addEventListener('wheel', (event) => this.onWheel(event), { passive: false });
    this.track.addEventListener('pointerdown', (event) => this.onPointerDown(event));
    this.track.addEventListener('pointermove', (event) => this.onPointerMove(event));
    this.track.addEventListener('pointerup', (event) => this.onPointerUp(event));
    this.track.addEventListener('keydown', (event) => this.onKey(event));
  }

  /** A new day: the whole day in view, no ranges until setRanges. */
  setDay(startMs: number, endMs: number): void {
    this.dayStart = startMs;
    this.dayEnd = endMs;
    this.recorded = [];
    this.gaps = [];
    this.retrieved = [];
    this.retrieving = [];
    this.selection = null;
    this.playhead = null;
    this.setView(startMs, endMs);
  }

  /** `copies`: of a branch camera at the center, what is retrieved to the center and what is being retrieved. */
  setRanges(
    recorded: readonly Span[],
    gaps: readonly Span[],
    copies: { retrieved?: readonly Span[]; retrieving?: readonly Span[] } = {},
  ): void {
    this.recorded = [...recorded];
    this.gaps = [...gaps];
    this.retrieved = [...(copies.retrieved ?? [])];
    this.retrieving = [...(copies.retrieving ?? [])];
    this.render();
  }

  setPlayhead(ms: number | null): void {
    this.playhead = ms;
    this.placePlayhead();
  }

  setSelection(selection: Span | null): void {
    this.selection = selection;
    this.placeSelection();
  }

  /** Zooms by `factor` (< 1 in, > 1 out) keeping `anchorMs` under the same pixel. */
  zoom(factor: number, anchorMs: number): void {
    const span = this.viewEnd - this.viewStart;
    const next = Math.min(this.dayEnd - this.dayStart, Math.max(MIN_VIEW_MS, span * factor));
    const ratio = (anchorMs - this.viewStart) / span;
    const start = anchorMs - ratio * next;
    this.setView(start, start + next);
  }

  /** The wall-clock time at a horizontal position of the track, in client pixels. */
  timeAt(clientX: number): number {
    const box = this.track.getBoundingClientRect();
    const ratio = Math.min(1, Math.max(0, (clientX - box.left) / Math.max(1, box.width)));
    return Math.round(this.viewStart + ratio * (this.viewEnd - this.viewStart));
  }

  private anchor(): number {
    const inView = this.playhead !== null && this.playhead >= this.viewStart && this.playhead <= this.viewEnd;
    return inView && this.playhead !== null ? this.playhead : (this.viewStart + this.viewEnd) / 2;
  }

  private setView(start: number, end: number): void {
    const span = Math.min(end - start, this.dayEnd - this.dayStart);
    const clampedStart = Math.min(Math.max(start, this.dayStart), this.dayEnd - span);
    this.viewStart = clampedStart;
    this.viewEnd = clampedStart + span;
    this.track.dataset.viewStart = String(Math.round(this.viewStart));
    this.track.dataset.viewEnd = String(Math.round(this.viewEnd));
    this.render();
  }

  private percent(ms: number): number {
    return ((ms - this.viewStart) / (this.viewEnd - this.viewStart)) * 100;
  }

  /** Positions a bar for [start, end), clipped to the view; false when it is out of view. */
  private place(element: HTMLElement, span: Span): boolean {
    const left = Math.max(0, this.percent(span.startMs));
    const right = Math.min(100, this.percent(span.endMs));
    if (right <= 0 || left >= 100 || right <= left) return false;
    element.style.left = `${left}%`;
    element.style.width = `${Math.max(right - left, 0.15)}%`;
    return true;
  }

  private render(): void {
    const bars: HTMLElement[] = [];
    const titles = {
      range: 'playback.recorded',
      gap: 'playback.gap',
      retrieved: 'playback.retrieved',
      retrieving: 'playback.retrieving',
    } as const;
    const add = (span: Span, kind: keyof typeof titles): void => {
      const bar = h('div', {
        className: `timeline-${kind}`,
        testId: `timeline-${kind}`,
        dataset: { start: String(span.startMs), end: String(span.endMs) },
        i18nAttrs: { title: titles[kind] },
      });
      if (this.place(bar, span)) bars.push(bar);
    };
    for (const gap of this.gaps) add(gap, 'gap');
    for (const range of this.recorded) add(range, 'range');
    for (const range of this.retrieved) add(range, 'retrieved');
    for (const range of this.retrieving) add(range, 'retrieving');
    this.ranges.replaceChildren(...bars);
    this.renderTicks();
    this.placePlayhead();
    this.placeSelection();
  }

  private renderTicks(): void {
    const span = this.viewEnd - this.viewStart;
    const step = TICK_STEPS.find((candidate) => span / candidate <= MAX_TICKS) ?? 3 * HOUR;
    // Ticks fall on local clock multiples of the step, counted from the local midnight of the day.
    const first = this.dayStart + Math.ceil((this.viewStart - this.dayStart) / step) * step;
    const ticks: HTMLElement[] = [];
    for (let at = first; at <= this.viewEnd && ticks.length <= MAX_TICKS + 1; at += step) {
      const tick = h('span', { className: 'timeline-tick' }, [clockLabel(at)]);
      tick.style.left = `${this.percent(at)}%`;
      ticks.push(tick);
    }
    this.ticks.replaceChildren(...ticks);
  }

  private placePlayhead(): void {
    const at = this.playhead;
    const visible = at !== null && at >= this.viewStart && at <= this.viewEnd;
    this.playheadLine.hidden = !visible;
    if (visible) this.playheadLine.style.left = `${this.percent(at)}%`;
  }

  private placeSelection(): void {
    this.selectionBand.hidden = !(this.selection && this.place(this.selectionBand, this.selection));
  }

  private onWheel(event: WheelEvent): void {
    event.preventDefault();
    this.zoom(event.deltaY > 0 ? ZOOM_STEP : 1 / ZOOM_STEP, this.timeAt(event.clientX));
  }

  private onPointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    this.drag = { x: event.clientX, viewStart: this.viewStart, moved: false };
    this.track.setPointerCapture(event.pointerId);
  }

  private onPointerMove(event: PointerEvent): void {
    const drag = this.drag;
    if (!drag) return;
    const dx = event.clientX - drag.x;
    if (Math.abs(dx) > DRAG_PX) drag.moved = true;
    if (!drag.moved) return;
    const msPerPx = (this.viewEnd - this.viewStart) / Math.max(1, this.track.getBoundingClientRect().width);
    const start = drag.viewStart - dx * msPerPx;
    this.setView(start, start + (this.viewEnd - this.viewStart));
  }

  private onPointerUp(event: PointerEvent): void {
    const drag = this.drag;
    this.drag = null;
    if (drag && !drag.moved) this.options.onSeek(this.timeAt(event.clientX));
  }

  private onKey(event: KeyboardEvent): void {
    const at = this.playhead ?? this.viewStart;
    const step = (this.viewEnd - this.viewStart) / 50;
    if (event.key === 'ArrowLeft') this.options.onSeek(Math.max(this.dayStart, at - step));
    else if (event.key === 'ArrowRight') this.options.onSeek(Math.min(this.dayEnd, at + step));
    else if (event.key === '+' || event.key === '=') this.zoom(1 / ZOOM_STEP, this.anchor());
    else if (event.key === '-') this.zoom(ZOOM_STEP, this.anchor());
    else return;
    event.preventDefault();
  }
}
