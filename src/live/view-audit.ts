// Live-viewing audit: one started/ended pair per user, camera and stream, however many requests a view makes.
import type { AuditEvent } from '../events/index.js';
import type { Service } from '../shared/service.js';

export interface LiveViewer {
  userId: string;
  username: string;
  cameraId: string;
  stream: string;
  ip: string | null;
}

export interface LiveViewAuditOptions {
  publish: (event: AuditEvent) => void;
  /** What the messages call a camera (looked up once per view, not per request); its id when unknown. */
  nameOf?: (cameraId: string) => string | undefined;
  /** A view with no request for this long has ended (players fetch a part about 5 times a second). */
  idleMs?: number;
  now?: () => number;
}

interface View {
  viewer: LiveViewer;
  cameraName: string;
  startedAt: number;
  lastSeenAt: number;
}

export const LIVE_VIEW_IDLE_MS = 15_000;

export class LiveViewAudit implements Service {
  readonly name = 'live-view-audit';
  private readonly views = new Map<string, View>();
  private readonly idleMs: number;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: LiveViewAuditOptions) {
    this.idleMs = options.idleMs ?? LIVE_VIEW_IDLE_MS;
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.timer = setInterval(() => this.sweep(), Math.max(250, Math.min(1_000, this.idleMs / 4)));
    this.timer.unref();
  }

  /** Ends every open view (the hub is stopping: nobody is watching any more). */
  stop(): void {
    clearInterval(this.timer);
    for (const [key, view] of this.views) this.end(key, view);
  }

  /** A playlist or media request of `viewer`: starts a view, or keeps the running one alive. */
  touch(viewer: LiveViewer): void {
    // Asked on every part a player fetches: a plain joined key, no JSON.
    const key = `${viewer.userId}\u0000${viewer.cameraId}\u0000${viewer.stream}`;
    const at = this.now();
    const view = this.views.get(key);
    if (view) {
      view.lastSeenAt = at;
      return;
    }
    const cameraName = this.options.nameOf?.(viewer.cameraId) ?? viewer.cameraId;
    this.views.set(key, { viewer, cameraName, startedAt: at, lastSeenAt: at });
    this.options.publish({
      type: 'audit.live.started',
      severity: 'info',
      message: `${viewer.username} started watching ${cameraName} (${viewer.stream} stream)`,
      userId: viewer.userId,
      cameraId: viewer.cameraId,
      ip: viewer.ip,
      data: { username: viewer.username, stream: viewer.stream },
    });
  }

  get open(): number {
    return this.views.size;
  }

  /** Ends the views idle for longer than the timeout. */
  sweep(): void {
    const cutoff = this.now() - this.idleMs;
    for (const [key, view] of this.views) {
      if (view.lastSeenAt < cutoff) this.end(key, view);
    }
  }

  private end(key: string, { viewer, cameraName, startedAt, lastSeenAt }: View): void {
    this.views.delete(key);
    const durationMs = lastSeenAt - startedAt;
    this.options.publish({
      type: 'audit.live.ended',
      severity: 'info',
      message: `${viewer.username} stopped watching ${cameraName} (${viewer.stream} stream) after ${Math.round(durationMs / 1000)} s`,
      userId: viewer.userId,
      cameraId: viewer.cameraId,
      ip: viewer.ip,
      data: {
        username: viewer.username,
        stream: viewer.stream,
        startedAt: new Date(startedAt).toISOString(),
        durationMs,
      },
    });
  }
}
