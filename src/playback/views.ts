// Views of recorded footage: one audit per user, subject and reason within a window, and the token that binds a view's URLs.
import { randomBytes } from 'node:crypto';

/** What a view reads: a playlist's range, one recording file, or one export. */
export type ViewSubject =
  | { kind: 'range'; cameraId: string; fromMs: number; toMs: number }
  | { kind: 'file'; cameraId: string; fileId: number; fromMs: number; toMs: number }
  | { kind: 'export'; cameraId: string; exportId: string; fromMs: number; toMs: number };

export interface RecordedView {
  /** Put on the view's URLs (`?view=`): requests carrying it belong to this view, with its reason. */
  readonly token: string;
  readonly userId: string;
  readonly subject: ViewSubject;
  readonly reason: string | null;
  audited: boolean;
  lastSeenAt: number;
}

export interface RecordedViewsOptions {
  /** A view unused for this long has ended; its next request starts (and audits) a new one. Default 10 minutes. */
  windowMs?: number;
  /** Views remembered at most; the least recently used go first. */
  maxViews?: number;
  now?: () => number;
}

export const VIEW_WINDOW_MS = 10 * 60_000;

/** A view is one user, subject and reason: a new reason is a new view with its own audit entry. */
function keyOf(userId: string, s: ViewSubject, reason: string | null): string {
  const what =
    s.kind === 'range' ? `${s.fromMs}-${s.toMs}` : s.kind === 'file' ? `file:${s.fileId}` : `export:${s.exportId}`;
  return JSON.stringify([userId, s.cameraId, what, reason]);
}

/** What one request reads: a recording file (its id and span) or an export. */
export interface ViewRequest {
  cameraId: string;
  fromMs: number;
  toMs: number;
  fileId?: number;
  exportId?: string;
}

/** True when a request belongs to a view of `subject`: a range's files, the file itself, the export itself. */
function covers(subject: ViewSubject, what: ViewRequest): boolean {
  if (subject.cameraId !== what.cameraId) return false;
  if (subject.kind === 'export') return what.exportId === subject.exportId;
  if (what.exportId !== undefined) return false;
  if (subject.kind === 'file') return what.fileId === subject.fileId;
  return what.fromMs < subject.toMs && what.toMs > subject.fromMs;
}

export class RecordedViews {
  private readonly byKey = new Map<string, RecordedView>();
  private readonly byToken = new Map<string, RecordedView>();
  private readonly windowMs: number;
  private readonly maxViews: number;
  private readonly now: () => number;

  constructor(options: RecordedViewsOptions = {}) {
    this.windowMs = options.windowMs ?? VIEW_WINDOW_MS;
    this.maxViews = options.maxViews ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** The user's open view of this subject with this reason, or a new one (not yet audited). */
  open(userId: string, subject: ViewSubject, reason: string | null): RecordedView {
    const key = keyOf(userId, subject, reason);
    const at = this.now();
    const open = this.byKey.get(key);
    if (open && at - open.lastSeenAt < this.windowMs) return this.seen(key, open, at);
    if (open) this.forget(key, open);
    const view: RecordedView = {
      token: randomBytes(16).toString('base64url'),
      userId,
      subject,
      reason,
      audited: false,
      lastSeenAt: at,
    };
    this.evict(at);
    this.byKey.set(key, view);
    this.byToken.set(view.token, view);
    return view;
  }

  /**
   * The open view a token names when it is this user's and covers what is asked for; undefined otherwise (an
   * unknown, ended or foreign token counts as no token: the request stands on its own).
   */
  find(token: unknown, userId: string, what: ViewRequest): RecordedView | undefined {
    const view = typeof token === 'string' ? this.byToken.get(token) : undefined;
    if (!view || view.userId !== userId || !covers(view.subject, what)) return undefined;
    const at = this.now();
    const key = keyOf(userId, view.subject, view.reason);
    if (at - view.lastSeenAt >= this.windowMs) return void this.forget(key, view);
    return this.seen(key, view, at);
  }

  /** True once per view: the caller writes its audit entry then. */
  firstUse(view: RecordedView): boolean {
    if (view.audited) return false;
    view.audited = true;
    return true;
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Moves a used view to the back, so the map's order is least recently used first. */
  private seen(key: string, view: RecordedView, at: number): RecordedView {
    view.lastSeenAt = at;
    this.byKey.delete(key);
    this.byKey.set(key, view);
    return view;
  }

  private forget(key: string, view: RecordedView): void {
    this.byKey.delete(key);
    this.byToken.delete(view.token);
  }

  private evict(at: number): void {
    for (const [key, view] of this.byKey) {
      if (this.byKey.size < this.maxViews && at - view.lastSeenAt < this.windowMs) break;
      this.forget(key, view);
    }
  }
}
