// Export admission: per-user concurrency and 24-hour quota, a global ffmpeg queue and the export store's budget.
import type { ExportLimitKind } from '../events/index.js';
import { VigilError } from '../shared/index.js';

export interface ExportLimitsConfig {
  /** Export ffmpegs running at once; the next ones wait in the queue. */
  readonly maxConcurrent: number;
  /** Exports that may wait; beyond, refused. */
  readonly maxQueued: number;
  readonly perUserConcurrent: number;
  /** Exports one user may start in any 24 hours. */
  readonly perUserDailyCount: number;
  readonly perUserDailyBytes: number;
  /** Bytes all exports together may take. */
  readonly budgetBytes: number;
  /** How long an export is kept: the store frees space as exports reach this age. */
  readonly retentionMs: number;
}

export const DEFAULT_EXPORT_LIMITS: ExportLimitsConfig = {
  maxConcurrent: 2,
  maxQueued: 8,
  perUserConcurrent: 2,
  perUserDailyCount: 50,
  perUserDailyBytes: 5e9,
  budgetBytes: 20e9,
  retentionMs: 30 * 86_400_000,
};

/** What an export refusal carries in `details` (and in its `export.refused` event). */
export interface ExportRefusal {
  limit: ExportLimitKind;
  used: number;
  max: number;
  freesAt: string | null;
}

/** An export finished on disk, as the store lists it. */
export interface StoredClip {
  readonly id: string;
  readonly createdAt: number;
  readonly bytes: number;
  readonly createdBy: string | null;
}

interface Grant {
  readonly id: string;
  readonly user: string;
  readonly at: number;
  bytes: number;
}

const DAY_MS = 86_400_000;
/** A refusal that ends when some running export ends: ask again after about this long. */
const RETRY_BUSY_S = 15;

const gb = (bytes: number): string => `${(bytes / 1e9).toFixed(2)} GB`;
const iso = (ms: number): string => new Date(ms).toISOString();

export class ExportLimits {
  /** Exports granted in the last 24 hours, oldest first, for the daily quota. */
  private grants: Grant[] = [];
  /** Running or queued exports: their estimate is held against the store's budget until they end. */
  private readonly active = new Map<string, Grant>();
  /** Finished exports on disk, oldest first, for the store's budget and when it frees. */
  private stored: StoredClip[] = [];

  constructor(readonly config: ExportLimitsConfig = DEFAULT_EXPORT_LIMITS) {}

  /** Takes the store's listing (at start and after each prune); exports of the last 24 hours count to the quota. */
  syncStore(clips: readonly StoredClip[], now: number): void {
    this.stored = clips.filter((clip) => !this.active.has(clip.id)).sort((a, b) => a.createdAt - b.createdAt);
    const known = new Set(this.grants.map((grant) => grant.id));
    for (const clip of this.stored) {
      if (clip.createdBy && clip.createdAt > now - DAY_MS && !known.has(clip.id))
        this.grants.push({ id: clip.id, user: clip.createdBy, at: clip.createdAt, bytes: clip.bytes });
    }
    this.grants.sort((a, b) => a.at - b.at);
  }

  /** Bytes held: finished exports plus the estimates of those running or queued. */
  heldBytes(): number {
    let bytes = 0;
    for (const clip of this.stored) bytes += clip.bytes;
    for (const grant of this.active.values()) bytes += grant.bytes;
    return bytes;
  }

  /** Grants an export or throws the refusal (VIGIL_QUOTA_EXCEEDED 429, VIGIL_STORAGE_FULL 507). */
  admit(request: { id: string; user: string; bytes: number; now: number; running: number; queued: number }): void {
    const { config } = this;
    const { user, now, bytes } = request;
    this.grants = this.grants.filter((grant) => grant.at > now - DAY_MS);
    const mine = this.grants.filter((grant) => grant.user === user);
    const activeMine = [...this.active.values()].filter((grant) => grant.user === user).length;
    if (activeMine >= config.perUserConcurrent) {
      this.refuse(
        'user-concurrent',
        activeMine,
        config.perUserConcurrent,
        null,
        RETRY_BUSY_S,
        `You have ${activeMine} export(s) running or waiting, the most one user may have at once (${config.perUserConcurrent}); start the next when one of them ends.`,
      );
    }
    if (mine.length >= config.perUserDailyCount) {
      const frees = (mine[0] as Grant).at + DAY_MS;
      this.refuse(
        'user-daily-count',
        mine.length,
        config.perUserDailyCount,
        frees,
        (frees - now) / 1000,
        `You have started ${mine.length} exports in the last 24 hours, the most one user may (${config.perUserDailyCount}); the next is possible after ${iso(frees)}.`,
      );
    }
    const mineBytes = mine.reduce((sum, grant) => sum + grant.bytes, 0);
    if (mineBytes + bytes > config.perUserDailyBytes) {
      const frees = whenFits(
        mine.map((g) => ({ at: g.at + DAY_MS, bytes: g.bytes })),
        mineBytes + bytes - config.perUserDailyBytes,
      );
      this.refuse(
        'user-daily-bytes',
        mineBytes,
        config.perUserDailyBytes,
        frees,
        frees === null ? undefined : (frees - now) / 1000,
        `This clip (${gb(bytes)}) would take your exports of the last 24 hours to ${gb(mineBytes + bytes)}, over the ${gb(config.perUserDailyBytes)} one user may export a day; ${frees === null ? 'ask for a shorter range' : `it fits after ${iso(frees)}`}.`,
      );
    }
    if (request.running >= config.maxConcurrent && request.queued >= config.maxQueued) {
      this.refuse(
        'queue-full',
        request.queued,
        config.maxQueued,
        null,
        RETRY_BUSY_S,
        `All ${config.maxConcurrent} export slots are busy and ${request.queued} export(s) are waiting, the most that may wait (${config.maxQueued}); try again in a minute.`,
      );
    }
    const held = this.heldBytes();
    if (held + bytes > config.budgetBytes) {
      const frees = whenFits(
        this.stored.map((c) => ({ at: c.createdAt + config.retentionMs, bytes: c.bytes })),
        held + bytes - config.budgetBytes,
      );
      this.refuse(
        'store-full',
        held,
        config.budgetBytes,
        frees,
        frees === null ? undefined : (frees - now) / 1000,
        `The export store holds ${gb(held)} of its ${gb(config.budgetBytes)}: this clip (${gb(bytes)}) does not fit; ${frees === null ? 'ask for a shorter range or an administrator to delete exports' : `exports are deleted after their retention days, and it fits after ${iso(frees)}`}.`,
      );
    }
    const grant: Grant = { id: request.id, user, at: now, bytes };
    this.grants.push(grant);
    this.active.set(grant.id, grant);
  }

  /** A granted export ended: its real size replaces the estimate (0 when it failed). */
  finish(id: string, clip: StoredClip | undefined): void {
    const grant = this.active.get(id);
    this.active.delete(id);
    if (grant) grant.bytes = clip?.bytes ?? 0;
    if (clip) this.stored.push(clip);
  }

  private refuse(
    limit: ExportLimitKind,
    used: number,
    max: number,
    freesAt: number | null,
    retryAfterSeconds: number | undefined,
    message: string,
  ): never {
    const details: ExportRefusal = { limit, used, max, freesAt: freesAt === null ? null : iso(freesAt) };
    throw new VigilError(limit === 'store-full' ? 'VIGIL_STORAGE_FULL' : 'VIGIL_QUOTA_EXCEEDED', message, {
      details,
      retryAfterSeconds,
    });
  }
}

/** When enough of these (time-ordered) releases have happened to free `excess` bytes; null when they never do. */
function whenFits(releases: ReadonlyArray<{ at: number; bytes: number }>, excess: number): number | null {
  let freed = 0;
  for (const release of [...releases].sort((a, b) => a.at - b.at)) {
    freed += release.bytes;
    if (freed >= excess) return release.at;
  }
  return null;
}
