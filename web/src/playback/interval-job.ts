// A job on an interval of a camera's footage (an export, a retrieval): asked for with the playback reason, then
// followed by what the hub pushes until it is over; its progress and status are what a panel shows.
import { onBeforeUnmount, ref, shallowRef } from 'vue';
import { errorMessage, request } from '../shared/api.js';
import type { MessageKey } from '../shared/i18n.js';
import { followJob } from '../shared/job-follow.js';
import { useSession } from '../shell/session.js';
import { phrase, type Phrase } from './phrase.js';
import type { Span } from './timeline.js';

export interface IntervalJobKind<View, Pushed> {
  path: 'exports' | 'retrievals';
  event: 'job:export' | 'job:retrieval';
  /** Says why the job failed, with `{message}`. */
  failedKey: MessageKey;
  statusUrl(created: View): string;
  /** The job once a notice of its progress arrived. */
  merge(created: View, pushed: Pushed): View;
  isOver(job: View): boolean;
  /** Shows the job as it is now (progress, status, results). */
  show(job: View): void;
}

/** The state of one panel's job; following stops when the panel goes. */
export function useIntervalJob<View extends { id: string }, Pushed extends { id: string }>(
  kind: IntervalJobKind<View, Pushed>,
) {
  const session = useSession();
  /** 0..1, null before any job. */
  const progress = ref<number | null>(null);
  const status = shallowRef<Phrase | null>(null);
  const running = ref(false);
  let unfollow: (() => void) | undefined;

  function take(job: View): void {
    kind.show(job);
    if (kind.isOver(job)) running.value = false;
  }

  function follow(created: View): void {
    stopFollowing();
    take(created);
    if (kind.isOver(created) || !session.realtime) return;
    unfollow = followJob<Pushed>({
      realtime: session.realtime,
      event: kind.event,
      id: created.id,
      fetch: () => request<Pushed>(kind.statusUrl(created)),
      onJob: (pushed) => take(kind.merge(created, pushed)),
      onError: (error) => fail(errorMessage(error)),
      isOver: (pushed) => kind.isOver(kind.merge(created, pushed)),
    });
  }

  async function start(cameraId: string, selection: Span, reason: string | null): Promise<void> {
    running.value = true;
    try {
      const created = await request<View>(`/playback/${encodeURIComponent(cameraId)}/${kind.path}`, {
        method: 'POST',
        body: {
          from: new Date(selection.startMs).toISOString(),
          to: new Date(selection.endMs).toISOString(),
          ...(reason ? { reason } : {}),
        },
      });
      if (created) follow(created);
    } catch (error) {
      fail(errorMessage(error));
    }
  }

  function fail(message: string): void {
    stopFollowing();
    running.value = false;
    status.value = phrase(kind.failedKey, { message });
  }

  function stopFollowing(): void {
    unfollow?.();
    unfollow = undefined;
  }

  onBeforeUnmount(stopFollowing);
  return { progress, status, running, start, fail };
}
