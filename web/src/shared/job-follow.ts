// Follows one of the user's jobs (an export, a retrieval, a discovery) by what the hub pushes over socket.io, and asks
// once more whenever the connection comes back, for a notice may have been missed while it was down.
import type { RealtimeConnection } from './socket.js';

type JobEvent = 'job:export' | 'job:retrieval' | 'job:discovery';

export interface JobFollow<T> {
  realtime: RealtimeConnection;
  event: JobEvent;
  id: string;
  /** The job as the hub has it now (after a reconnect). */
  fetch: () => Promise<T | null>;
  onJob: (job: T) => void;
  onError: (error: unknown) => void;
  isOver: (job: T) => boolean;
}

/** Starts following (and asks once at once); returns the stop. Stops by itself once the job is over. */
export function followJob<T extends { id: string }>(follow: JobFollow<T>): () => void {
  const socket = follow.realtime.socket as unknown as {
    on(event: string, listener: (...args: never[]) => void): void;
    off(event: string, listener: (...args: never[]) => void): void;
  };
  let stopped = false;
  const stop = (): void => {
    stopped = true;
    socket.off(follow.event, onPush);
    socket.off('connect', onReconnect);
  };
  const take = (job: T): void => {
    if (stopped || job.id !== follow.id) return;
    follow.onJob(job);
    if (follow.isOver(job)) stop();
  };
  const onPush = (job: T): void => take(job);
  const onReconnect = (): void => {
    follow
      .fetch()
      .then((job) => job && take(job))
      .catch((error: unknown) => !stopped && follow.onError(error));
  };
  socket.on(follow.event, onPush);
  socket.on('connect', onReconnect);
  // Once now as well: what was pushed before the job's own answer arrived is not lost.
  onReconnect();
  return stop;
}
