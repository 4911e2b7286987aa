// Export of a clip [from, to] of the day: start and end set by hand or from the playhead, progress, download links.
import type { ExportJobView, ExportProgress } from '../../../src/contracts/index.js';
import { errorMessage, request } from '../shared/api.js';
import { h } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import { followJob } from '../shared/job-follow.js';
import type { RealtimeConnection } from '../shared/socket.js';
import { startIntervalJob } from './interval-job.js';
import type { Span } from './timeline.js';

export interface ExportPanelContext {
  realtime: RealtimeConnection;
  /** The camera and day shown, or null when none is chosen. */
  current(): { cameraId: string; dayStart: number } | null;
  playhead(): number | null;
  /** The reason given for this session's playback, or undefined when one is required and missing. */
  reason(): string | null | undefined;
  onSelection(selection: Span | null): void;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `HH:MM:SS` of a local time of day. */
const timeOfDay = (ms: number): string => {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
};

export class ExportPanel {
  readonly element: HTMLElement;
  private readonly from: HTMLInputElement;
  private readonly to: HTMLInputElement;
  private readonly progress: HTMLProgressElement;
  private readonly status: HTMLElement;
  private readonly links: HTMLElement;
  private readonly startButton: HTMLButtonElement;
  /** Stops following the export under way. */
  private unfollow: (() => void) | undefined;

  constructor(private readonly context: ExportPanelContext) {
    const timeInput = (testId: string): HTMLInputElement =>
      h('input', { className: 'export-time', testId, attrs: { type: 'time', step: 1 } });
    this.from = timeInput('export-from');
    this.to = timeInput('export-to');
    const markIn = h('button', { text: 'playback.markIn', testId: 'export-mark-in', attrs: { type: 'button' } });
    const markOut = h('button', { text: 'playback.markOut', testId: 'export-mark-out', attrs: { type: 'button' } });
    this.startButton = h('button', {
      className: 'primary',
      text: 'playback.exportStart',
      testId: 'export-start',
      attrs: { type: 'button' },
    });
    this.progress = h('progress', { testId: 'export-progress', attrs: { max: 1, value: 0 } });
    this.progress.hidden = true;
    this.status = h('p', { className: 'export-status', testId: 'export-status', attrs: { 'aria-live': 'polite' } });
    this.links = h('div', { className: 'export-links' });
    this.element = h('section', { className: 'export-panel', testId: 'export-panel' }, [
      h('h2', { text: 'playback.export' }),
      h('label', {}, [h('span', { text: 'playback.exportFrom' }), this.from, markIn]),
      h('label', {}, [h('span', { text: 'playback.exportTo' }), this.to, markOut]),
      this.startButton,
      this.progress,
      this.status,
      this.links,
    ]);
    markIn.addEventListener('click', () => this.mark(this.from));
    markOut.addEventListener('click', () => this.mark(this.to));
    for (const input of [this.from, this.to]) input.addEventListener('change', () => this.announceSelection());
    this.startButton.addEventListener('click', () => void this.start());
  }

  /** Back to empty (another camera or day). */
  reset(): void {
    this.stopFollowing();
    this.from.value = '';
    this.to.value = '';
    this.progress.hidden = true;
    this.status.textContent = '';
    this.links.replaceChildren();
    this.startButton.disabled = false;
    this.context.onSelection(null);
  }

  destroy(): void {
    this.stopFollowing();
  }

  private mark(input: HTMLInputElement): void {
    const at = this.context.playhead();
    if (at === null) return;
    input.value = timeOfDay(at);
    this.announceSelection();
  }

  private selection(): Span | null {
    const current = this.context.current();
    const seconds = (input: HTMLInputElement): number | null => {
      const [hh, mm, ss] = input.value.split(':').map(Number);
      return hh === undefined || mm === undefined || Number.isNaN(hh + mm) ? null : hh * 3600 + mm * 60 + (ss || 0);
    };
    const from = seconds(this.from);
    const to = seconds(this.to);
    if (!current || from === null || to === null) return null;
    // Wall times of the day through Date, so a DST change inside the day still lands on the clock shown.
    const at = (s: number): number => {
      const day = new Date(current.dayStart);
      day.setHours(Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60, 0);
      return day.getTime();
    };
    return { startMs: at(from), endMs: at(to) };
  }

  /** The interval set, when it is one (its end after its start). */
  selected(): Span | null {
    const selection = this.selection();
    return selection && selection.endMs > selection.startMs ? selection : null;
  }

  private announceSelection(): void {
    this.context.onSelection(this.selected());
  }

  private async start(): Promise<void> {
    const current = this.context.current();
    const selection = this.selection();
    this.links.replaceChildren();
    if (!current || !selection || selection.endMs <= selection.startMs) {
      this.status.textContent = t('playback.exportInvalid');
      return;
    }
    const reason = this.context.reason();
    if (reason === undefined) return;
    this.startButton.disabled = true;
    this.show({ progress: 0, text: t('playback.exportRunning', { percent: 0 }) });
    try {
      const job = await startIntervalJob<ExportJobView>(current.cameraId, 'exports', selection, reason);
      if (job) this.follow(job);
    } catch (error) {
      this.failed(errorMessage(error));
    }
  }

  /** Follows the export by what the hub pushes; its links stay those of its creation (they carry its view). */
  private follow(created: ExportJobView): void {
    this.stopFollowing();
    this.render(created);
    if (created.state !== 'running') return;
    this.unfollow = followJob<ExportProgress>({
      realtime: this.context.realtime,
      event: 'job:export',
      id: created.id,
      fetch: () => request<ExportJobView>(created.statusUrl),
      onJob: (progress) => this.render({ ...created, ...progress }),
      onError: (error) => this.failed(errorMessage(error)),
      isOver: (progress) => progress.state !== 'running',
    });
  }

  private render(job: ExportJobView): void {
    if (job.state === 'failed') return this.failed(job.error ?? '');
    if (job.state === 'running') {
      this.show({
        progress: job.progress,
        text: job.queued
          ? t('playback.exportQueued')
          : t('playback.exportRunning', { percent: Math.round(job.progress * 100) }),
      });
      return;
    }
    this.show({ progress: 1, text: t('playback.exportDone') });
    this.startButton.disabled = false;
    const link = (href: string, text: 'playback.download' | 'playback.manifest', testId: string): HTMLElement =>
      h('a', { text, testId, attrs: { href, download: '' } });
    this.links.replaceChildren(
      link(job.downloadUrl, 'playback.download', 'export-download'),
      link(job.manifestUrl, 'playback.manifest', 'export-manifest'),
      h('code', { className: 'export-sha', testId: 'export-sha256' }, [
        t('playback.sha256', { hash: job.sha256 ?? '' }),
      ]),
    );
  }

  private show(state: { progress: number; text: string }): void {
    this.progress.hidden = false;
    this.progress.value = state.progress;
    this.status.textContent = state.text;
  }

  private failed(message: string): void {
    this.stopFollowing();
    this.startButton.disabled = false;
    this.status.textContent = t('playback.exportFailed', { message });
  }

  private stopFollowing(): void {
    this.unfollow?.();
    this.unfollow = undefined;
  }
}
