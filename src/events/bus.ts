// The in-process event bus: modules publish domain events; the event log and realtime subscribe.
import type { JobNotice } from '../contracts/index.js';
import type { DomainEvent, LoggedEvent } from './types.js';

type Listener<T> = (event: T) => void;

export class EventBus {
  private readonly published = new Set<Listener<DomainEvent>>();
  private readonly logged = new Set<Listener<LoggedEvent>>();
  private readonly notices = new Set<Listener<JobNotice>>();

  /** A user's job moved on (an export, a retrieval, a discovery): for that user's consoles, never logged. */
  notify(notice: JobNotice): void {
    for (const listener of this.notices) this.deliver(listener, notice);
  }

  onNotice(listener: Listener<JobNotice>): () => void {
    this.notices.add(listener);
    return () => this.notices.delete(listener);
  }

  /** Publishes an event; a failing listener does not keep the others from hearing it. */
  publish(event: DomainEvent): void {
    for (const listener of this.published) this.deliver(listener, event);
  }

  onPublished(listener: Listener<DomainEvent>): () => void {
    this.published.add(listener);
    return () => this.published.delete(listener);
  }

  /** Called by the event log once an event has its id and time. */
  announceLogged(event: LoggedEvent): void {
    for (const listener of this.logged) this.deliver(listener, event);
  }

  onLogged(listener: Listener<LoggedEvent>): () => void {
    this.logged.add(listener);
    return () => this.logged.delete(listener);
  }

  private deliver<T>(listener: Listener<T>, event: T): void {
    try {
      listener(event);
    } catch (error) {
      // A broken subscriber must not break the publisher; surface it without throwing.
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}
