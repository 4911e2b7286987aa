// Retrieval of a branch camera's footage into the center (shown only for such cameras): the export panel's interval
// is copied at a capped rate, its progress followed until every file is checked.
import type { RetrievalJobView } from '../../../src/contracts/index.js';
import { errorMessage, request } from '../shared/api.js';
import { h } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import { followJob } from '../shared/job-follow.js';
import type { RealtimeConnection } from '../shared/socket.js';
import { startIntervalJob } from './interval-job.js';
import type { Span } from './timeline.js';

export interface RetrievePanelContext {
  realtime: RealtimeConnection;
  cameraId(): string | null;
  selection(): Span | null;
  /** The reason given for this session's playback, or undefined when one is required and missing. */
  reason(): string | null | undefined;
  /** A retrieval progressed or ended: the timeline shows it. */
  onProgress(): void;
}

export class RetrievePanel {
  readonly element: HTMLElement;
  private readonly hint: HTMLElement;
  private readonly progress: HTMLProgressElement;
  private readonly status: HTMLElement;
  private readonly startButton: HTMLButtonElement;
  /** The retrieval followed, and its stop. */
  private jobId: string | undefined;
  private unfollow: (() => void) | undefined;

  constructor(private readonly context: RetrievePanelContext) {
    this.hint = h('p', { className: 'hint' });
    this.startButton = h('button', {
      className: 'primary',
      text: 'playback.retrieveStart',
      testId: 'retrieve-start',
      attrs: { type: 'button' },
    });
    this.progress = h('progress', { testId: 'retrieve-progress', attrs: { max: 1, value: 0 } });
    this.progress.hidden = true;
    this.status = h('p', { className: 'export-status', testId: 'retrieve-status', attrs: { 'aria-live': 'polite' } });
    this.element = h('section', { className: 'export-panel', testId: 'retrieve-panel' }, [
      h('h2', { text: 'playback.retrieve' }),
      this.hint,
      this.startButton,
      this.progress,
      this.status,
    ]);
    this.element.hidden = true;
    this.startButton.addEventListener('click', () => void this.start());
  }

  /** Shown for a branch camera at the center (`capKbps` known), hidden otherwise; a new camera or day starts empty. */
  reset(capKbps: number | null): void {
    this.stopFollowing();
    this.element.hidden = capKbps === null;
    this.hint.textContent = capKbps === null ? '' : t('playback.retrieveHint', { kbps: capKbps });
    this.progress.hidden = true;
    this.status.textContent = '';
    this.startButton.disabled = false;
  }

  /** A word on the camera's footage (its branch is unreachable), unless a retrieval is being followed. */
  note(text: string): void {
    if (this.jobId === undefined) this.status.textContent = text;
  }

  destroy(): void {
    this.stopFollowing();
  }

  private async start(): Promise<void> {
    const cameraId = this.context.cameraId();
    const selection = this.context.selection();
    if (!cameraId || !selection) {
      this.status.textContent = t('playback.exportInvalid');
      return;
    }
    const reason = this.context.reason();
    if (reason === undefined) return;
    this.startButton.disabled = true;
    try {
      const job = await startIntervalJob<RetrievalJobView>(cameraId, 'retrievals', selection, reason);
      if (job) this.follow(job);
    } catch (error) {
      this.failed(errorMessage(error));
    }
  }

  /** Follows the retrieval by what the hub pushes. */
  private follow(created: RetrievalJobView): void {
    this.stopFollowing();
    this.jobId = created.id;
    const over = (job: RetrievalJobView): boolean => ['done', 'failed', 'canceled'].includes(job.state);
    const show = (job: RetrievalJobView): void => {
      this.render(job);
      this.context.onProgress();
      if (over(job)) this.startButton.disabled = false;
    };
    show(created);
    if (over(created)) return;
    this.unfollow = followJob<RetrievalJobView>({
      realtime: this.context.realtime,
      event: 'job:retrieval',
      id: created.id,
      fetch: () => request<RetrievalJobView>(`/playback/retrievals/${created.id}`),
      onJob: show,
      onError: (error) => this.failed(errorMessage(error)),
      isOver: over,
    });
  }

  private render(job: RetrievalJobView): void {
    const share = job.bytes > 0 ? job.bytesDone / job.bytes : 0;
    const percent = Math.floor(share * 100);
    this.progress.hidden = false;
    this.progress.value = job.state === 'done' ? 1 : share;
    const texts: Record<RetrievalJobView['state'], () => string> = {
      queued: () => t('playback.retrieveQueued'),
      running: () => t('playback.retrieveRunning', { percent, kbps: job.rateKbps }),
      waiting: () => t('playback.retrieveWaiting', { percent }),
      done: () => t('playback.retrieveDone', { files: job.files }),
      failed: () => t('playback.retrieveFailed', { message: job.error ?? '' }),
      canceled: () => t('playback.retrieveCanceled'),
    };
    this.status.textContent = texts[job.state]();
  }

  private failed(message: string): void {
    this.stopFollowing();
    this.startButton.disabled = false;
    this.status.textContent = t('playback.retrieveFailed', { message });
  }

  private stopFollowing(): void {
    this.unfollow?.();
    this.unfollow = undefined;
    this.jobId = undefined;
  }
}
