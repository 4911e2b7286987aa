// Retention: per-camera age limit, a global quota and a free-space floor; oldest files go first; other tenants of the
// volume (exports, the database) are pruned by their own rules and never make recordings go; files an evidence lock
// holds are never candidates (the index queries skip them) but count against the quota and the floor.
import { statfs, unlink } from 'node:fs/promises';
import { errorMessage, silentLogger, type Logger, type Service } from '../shared/index.js';
import { resolveRecordingPath } from './paths.js';
import type { LockedSpace } from './locks.js';
import type { EventSink } from './recorder.js';
import type { RecordingRow } from './store.js';

/** Side effects, injectable so a sweep test runs in milliseconds. */
export interface RetentionPorts {
  now(): number;
  statfs(path: string): Promise<{ totalBytes: number; freeBytes: number }>;
  unlink(path: string): Promise<void>;
}

/** What retention needs from the index; RecordingStore satisfies it. */
export interface RetentionIndex {
  cameras(): string[];
  expired(cameraId: string, cutoffMs: number, limit: number): RecordingRow[];
  oldest(limit: number): RecordingRow[];
  totalBytes(): number;
  remove(id: number): void;
}

/**
 * Something else on the data volume with its own retention and budget (exported clips, the database). The shared
 * sweep runs its pruning first; the free-space floor then treats it as taking exactly its budget.
 */
export interface StorageTenant {
  readonly name: string;
  /** Bytes reserved for it on the volume. */
  readonly budgetBytes: number;
  /** Its own retention (age, budget); never deletes recordings. */
  prune(now: number): Promise<unknown>;
  /** Bytes it takes on the volume now. */
  usedBytes(): Promise<number>;
}

export interface RetentionOptions {
  readonly dataDir: string;
  readonly index: RetentionIndex;
  readonly events?: EventSink;
  readonly logger?: Logger;
  readonly ports?: Partial<RetentionPorts>;
  /** Days to keep a camera's recordings (CameraRecord.retentionDays); undefined → the default. 0 keeps forever. */
  readonly retentionDays?: (cameraId: string) => number | undefined;
  readonly defaultRetentionDays?: number;
  /** Most bytes all recordings together may take. */
  readonly quotaBytes?: number;
  /** Free space to keep on the data volume: the larger of the two applies. */
  readonly minFreeBytes?: number;
  readonly minFreePercent?: number;
  /** Default 60 s. */
  readonly intervalMs?: number;
  /** Other tenants of the volume, pruned by the same timer and kept out of the floor (see recordingsFreeBytes). */
  readonly tenants?: readonly StorageTenant[];
  /** The space evidence locks hold (EvidenceLocks), said when a limit cannot be met without deleting evidence. */
  readonly locks?: { space(): LockedSpace };
}

/** A limit the sweep could not meet because only locked (or open) footage was left to delete. */
export interface LimitHeld {
  readonly limit: 'quota' | 'free-space';
  /** Bytes still over the quota, or short of the floor, after the sweep. */
  readonly shortBytes: number;
  readonly lockedBytes: number;
  readonly lockedFiles: number;
}

export type DeleteReason = 'age' | 'quota' | 'free-space';
export type SweepTrigger = 'schedule' | 'disk-full' | 'manual';

export interface CameraSweep {
  files: number;
  bytes: number;
  byReason: Record<DeleteReason, number>;
  oldestStartMs: number;
  newestEndMs: number;
}

export interface SweepReport {
  trigger: SweepTrigger;
  files: number;
  bytes: number;
  cameras: Record<string, CameraSweep>;
  /** The floor could not be met even after deleting every closed recording. */
  floorUnmet: boolean;
  /** Free bytes as the floor saw them (undefined without a floor); see recordingsFreeBytes. */
  recordingsFreeBytes?: number;
  /** Limits left unmet with evidence locks holding footage (reported once per sweep). */
  held: LimitHeld[];
  /** What evidence locks held after the sweep (counted in the quota and the floor like other recordings). */
  locked?: LockedSpace;
}

/**
 * The rule that keeps exports and events from pushing recordings out: the floor is measured as if every other
 * tenant already took its whole budget. A tenant that grows by N bytes lowers the volume's free space by N and its
 * unused budget by N, so this figure does not move: only recordings (or something outside the hub) can bring it
 * under the floor. A tenant over its budget is trimmed by its own pruning, not by deleting recordings.
 */
export function recordingsFreeBytes(
  freeBytes: number,
  tenants: ReadonlyArray<{ budgetBytes: number; usedBytes: number }>,
): number {
  return tenants.reduce((free, tenant) => free - (tenant.budgetBytes - tenant.usedBytes), freeBytes);
}

const DAY_MS = 86_400_000;
const BATCH = 200;

export const systemRetentionPorts: RetentionPorts = {
  now: Date.now,
  async statfs(path) {
    const s = await statfs(path);
    return { totalBytes: s.blocks * s.bsize, freeBytes: s.bavail * s.bsize };
  },
  unlink: (path) => unlink(path),
};

export class RetentionService implements Service {
  readonly name = 'retention';
  private readonly ports: RetentionPorts;
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SweepReport> | undefined;

  constructor(private readonly options: RetentionOptions) {
    this.ports = { ...systemRetentionPorts, ...options.ports };
    this.logger = options.logger ?? silentLogger();
  }

  start(): void {
    this.timer = setInterval(() => this.requestSweep('schedule'), this.options.intervalMs ?? 60_000);
    this.timer.unref();
    this.requestSweep('schedule');
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** Fire-and-forget sweep (timer, recorder's disk-full hook); failures are logged. */
  requestSweep(trigger: SweepTrigger): void {
    this.sweep(trigger).catch((error: unknown) =>
      this.logger.error({ err: errorMessage(error) }, 'retention sweep failed'),
    );
  }

  /** Runs one sweep; a sweep already running is joined rather than doubled. */
  sweep(trigger: SweepTrigger = 'manual'): Promise<SweepReport> {
    this.running ??= this.runSweep(trigger).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async runSweep(trigger: SweepTrigger): Promise<SweepReport> {
    const report: SweepReport = { trigger, files: 0, bytes: 0, cameras: {}, floorUnmet: false, held: [] };
    const now = this.ports.now();
    const index = this.options.index;
    for (const tenant of this.options.tenants ?? []) {
      await tenant
        .prune(now)
        .catch((error: unknown) =>
          this.logger.error({ tenant: tenant.name, err: errorMessage(error) }, 'retention of a tenant failed'),
        );
    }

    for (const cameraId of index.cameras()) {
      const days = this.options.retentionDays?.(cameraId) ?? this.options.defaultRetentionDays ?? 30;
      if (days <= 0) continue;
      const cutoff = now - days * DAY_MS;
      for (;;) {
        const rows = index.expired(cameraId, cutoff, BATCH);
        let removed = 0;
        for (const row of rows) if ((await this.remove(row, 'age', report)) >= 0) removed++;
        if (removed === 0) break;
      }
    }

    const quota = this.options.quotaBytes;
    if (quota !== undefined) {
      const excess = index.totalBytes() - quota;
      const freed = excess > 0 ? await this.removeOldest(excess, 'quota', report) : 0;
      if (freed < excess) this.held(report, 'quota', excess - freed);
    }

    if ((this.options.minFreeBytes ?? 0) > 0 || (this.options.minFreePercent ?? 0) > 0) {
      const disk = await this.ports.statfs(this.options.dataDir);
      const floor = Math.max(
        this.options.minFreeBytes ?? 0,
        ((this.options.minFreePercent ?? 0) / 100) * disk.totalBytes,
      );
      const tenants = await Promise.all(
        (this.options.tenants ?? []).map(async (t) => ({ budgetBytes: t.budgetBytes, usedBytes: await t.usedBytes() })),
      );
      report.recordingsFreeBytes = recordingsFreeBytes(disk.freeBytes, tenants);
      const deficit = floor - report.recordingsFreeBytes;
      const freed = deficit > 0 ? await this.removeOldest(deficit, 'free-space', report) : 0;
      if (freed < deficit) {
        report.floorUnmet = true;
        this.held(report, 'free-space', deficit - freed);
      }
    }

    report.locked = this.options.locks?.space();
    this.announce(report);
    return report;
  }

  /** Notes a limit left unmet while locks hold footage: evidence is kept, and the event says how much it takes. */
  private held(report: SweepReport, limit: LimitHeld['limit'], shortBytes: number): void {
    const space = this.options.locks?.space();
    if (space && space.bytes > 0)
      report.held.push({ limit, shortBytes, lockedBytes: space.bytes, lockedFiles: space.files });
  }

  /** Deletes the oldest unlocked files across cameras until `bytes` are freed; returns the bytes freed. */
  private async removeOldest(bytes: number, reason: DeleteReason, report: SweepReport): Promise<number> {
    let freed = 0;
    while (freed < bytes) {
      const rows = this.options.index.oldest(BATCH);
      let removed = 0;
      for (const row of rows) {
        if (freed >= bytes) break;
        const result = await this.remove(row, reason, report);
        if (result >= 0) {
          freed += result;
          removed++;
        }
      }
      if (removed === 0) break;
    }
    return freed;
  }

  /** Deletes one file and its row; returns the bytes freed, or -1 when the file could not be deleted. */
  private async remove(row: RecordingRow, reason: DeleteReason, report: SweepReport): Promise<number> {
    try {
      // resolveRecordingPath refuses anything outside <data>/recordings, so exports can never be reached.
      await this.ports.unlink(resolveRecordingPath(this.options.dataDir, row.path));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        // The row stays so the next sweep retries; the callers stop when a whole batch fails.
        this.logger.warn({ path: row.path, err: errorMessage(error) }, 'retention could not delete a recording');
        return -1;
      }
    }
    this.options.index.remove(row.id);
    const cam = (report.cameras[row.cameraId] ??= {
      files: 0,
      bytes: 0,
      byReason: { age: 0, quota: 0, 'free-space': 0 },
      oldestStartMs: row.startMs,
      newestEndMs: row.endMs,
    });
    cam.files++;
    cam.bytes += row.bytes;
    cam.byReason[reason]++;
    cam.oldestStartMs = Math.min(cam.oldestStartMs, row.startMs);
    cam.newestEndMs = Math.max(cam.newestEndMs, row.endMs);
    report.files++;
    report.bytes += row.bytes;
    return row.bytes;
  }

  private announce(report: SweepReport): void {
    this.logger.debug(
      {
        trigger: report.trigger,
        files: report.files,
        recordingsFreeBytes: report.recordingsFreeBytes,
        lockedBytes: report.locked?.bytes,
      },
      'retention swept',
    );
    for (const [cameraId, cam] of Object.entries(report.cameras)) {
      this.options.events?.publish({
        type: 'recording.deleted',
        severity: 'info',
        cameraId,
        message: `Retention removed ${cam.files} recording file(s) (${formatBytes(cam.bytes)}) of camera ${cameraId}, recorded ${new Date(cam.oldestStartMs).toISOString()} – ${new Date(cam.newestEndMs).toISOString()}.`,
        data: { trigger: report.trigger, ...cam },
      });
    }
    if (report.files > 0)
      this.logger.info(
        {
          trigger: report.trigger,
          files: report.files,
          bytes: report.bytes,
          cameras: report.cameras,
          lockedBytes: report.locked?.bytes,
        },
        'retention sweep',
      );
    for (const held of report.held) {
      const what = held.limit === 'quota' ? 'over the recording quota' : 'short of the free-space floor';
      this.logger.warn({ trigger: report.trigger, ...held }, 'retention kept locked evidence over a limit');
      this.options.events?.publish({
        type: 'recording.locked_over_quota',
        severity: 'warning',
        message: `Recordings stay ${formatBytes(held.shortBytes)} ${what}: only footage held by evidence locks is left (${formatBytes(held.lockedBytes)} in ${held.lockedFiles} file(s)). Release cases or add storage.`,
        data: { trigger: report.trigger, ...held },
      });
    }
    if (report.floorUnmet) {
      this.options.events?.publish({
        type: 'storage.full',
        severity: 'error',
        message:
          'The recordings disk stays below its free-space floor with no recording left to delete. Free space or add storage.',
        data: { path: this.options.dataDir, detail: 'free-space floor not met after retention' },
      });
    }
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : `${(bytes / 1e6).toFixed(1)} MB`;
}
