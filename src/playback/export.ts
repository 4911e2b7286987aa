// Clip export: ffmpeg concatenates the recorded files (-c copy) into one MP4, with progress, a manifest and events;
// admitted by per-user and global limits, queued for a free ffmpeg, pruned by its own retention and budget.
import { EventEmitter } from 'node:events';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobNotice } from '../contracts/index.js';
import type { CoalesceKeys, DomainEvent } from '../events/index.js';
import { EXPORTS_DIR } from '../recording/index.js';
import { VigilError, errorMessage, isVigilError, newId, silentLogger, type Logger } from '../shared/index.js';
import type { RecordingFileInfo } from './catalog.js';
import { DEFAULT_EXPORT_LIMITS, ExportLimits, type ExportLimitsConfig, type ExportRefusal } from './export-limits.js';
import { concatPlan, exportArgs, runExportFfmpeg } from './export-ffmpeg.js';
import { EXPORT_ID, ExportStore, type ExportPruneReport } from './export-store.js';
import { MANIFEST_FORMAT, MANIFEST_NAME, sha256File, type ExportManifest } from './manifest.js';

export type ExportState = 'running' | 'done' | 'failed';

export interface ExportJob {
  readonly id: string;
  readonly cameraId: string;
  readonly fromMs: number;
  readonly toMs: number;
  state: ExportState;
  /** Waiting for a free export ffmpeg (state is `running`, progress 0). */
  queued: boolean;
  /** 0..1, from ffmpeg's out_time against the clip length. */
  progress: number;
  fileName: string;
  bytes?: number;
  sha256?: string;
  error?: string;
  createdAt: number;
}

export interface CameraInfo {
  readonly name: string;
  readonly enterpriseId: string | null;
  readonly enterpriseName: string | null;
}

export interface ExportServiceOptions {
  readonly dataDir: string;
  readonly lookup: { files(cameraId: string, fromMs: number, toMs: number): readonly RecordingFileInfo[] };
  /** Camera and enterprise names for the manifest (CameraStore.get fits). */
  readonly describeCamera?: (cameraId: string) => CameraInfo | undefined;
  readonly events?: { publish(event: DomainEvent): void; notify?(notice: JobNotice): void };
  readonly logger?: Logger;
  readonly ffmpegPath?: string;
  readonly hubVersion: string;
  readonly now?: () => number;
  readonly limits?: ExportLimitsConfig;
  /** Refusals go here, so that a user looping refused exports makes one event per window, not one per request. */
  readonly refusals?: { publish(event: DomainEvent, how: CoalesceKeys): void };
}

export interface ExportEvents {
  progress: [ExportJob];
  finished: [ExportJob];
}

interface Pending {
  readonly job: ExportJob;
  readonly files: readonly RecordingFileInfo[];
  readonly userId: string | null;
}

export class ExportService extends EventEmitter<ExportEvents> {
  readonly name = 'exports';
  /** Bytes reserved for exports on the data volume (a storage tenant of retention). */
  readonly budgetBytes: number;
  private readonly jobs = new Map<string, ExportJob>();
  private readonly running = new Map<string, () => void>();
  private readonly queue: Pending[] = [];
  private readonly limits: ExportLimits;
  private readonly store: ExportStore;
  private readonly logger: Logger;
  private readonly now: () => number;
  private stopping = false;

  constructor(private readonly options: ExportServiceOptions) {
    super();
    this.logger = options.logger ?? silentLogger();
    this.now = options.now ?? Date.now;
    const limits = options.limits ?? DEFAULT_EXPORT_LIMITS;
    this.limits = new ExportLimits(limits);
    this.budgetBytes = limits.budgetBytes;
    this.store = new ExportStore({
      dataDir: options.dataDir,
      retentionMs: limits.retentionMs,
      budgetBytes: limits.budgetBytes,
      publish: (event) => options.events?.publish(event),
      logger: this.logger,
    });
  }

  /** Reads the exports on disk: their space and the last 24 hours of each user's quota survive a restart. */
  async start(): Promise<void> {
    this.limits.syncStore(await this.store.list(), this.now());
  }

  /** Kills running ffmpeg processes and forgets the queue (hub shutdown). */
  stop(): void {
    this.stopping = true;
    this.queue.length = 0;
    for (const kill of this.running.values()) kill();
  }

  /** Bytes the exports take on disk now, running ones included. */
  async usedBytes(): Promise<number> {
    return (await this.store.list()).reduce((sum, clip) => sum + clip.bytes, 0);
  }

  /** The exports' own retention: by age, then by budget; running and queued exports are kept. */
  async prune(now = this.now()): Promise<ExportPruneReport> {
    const active = new Set([...this.running.keys(), ...this.queue.map((pending) => pending.job.id)]);
    const report = await this.store.prune(now, active);
    for (const id of [...report.age, ...report.budget]) this.jobs.delete(id);
    // Failed jobs left nothing on disk to prune: they are forgotten after the same days.
    for (const [id, job] of this.jobs) {
      if (job.state === 'failed' && job.createdAt < now - this.limits.config.retentionMs) this.jobs.delete(id);
    }
    this.limits.syncStore(await this.store.list(), now);
    return report;
  }

  dirOf(id: string): string {
    if (!EXPORT_ID.test(id)) throw new VigilError('VIGIL_NOT_FOUND', `no export ${id}`);
    return join(this.options.dataDir, EXPORTS_DIR, id);
  }

  /**
   * Starts an export, or queues it for a free ffmpeg; the job runs in the background. Throws VIGIL_NOT_FOUND when
   * nothing is recorded, VIGIL_QUOTA_EXCEEDED (429) or VIGIL_STORAGE_FULL (507) when a limit refuses it.
   */
  create(request: {
    cameraId: string;
    fromMs: number;
    toMs: number;
    userId?: string | null;
    username?: string | null;
  }): ExportJob {
    const files = this.options.lookup.files(request.cameraId, request.fromMs, request.toMs).filter((f) => !f.open);
    if (files.length === 0) {
      throw new VigilError('VIGIL_NOT_FOUND', 'Nothing is recorded (and closed) in that time range for this camera.');
    }
    const id = newId('exp', 12);
    const userId = request.userId ?? null;
    const now = this.now();
    try {
      this.limits.admit({
        id,
        user: userId ?? '(no user)',
        bytes: estimateBytes(files, request.fromMs, request.toMs),
        now,
        running: this.running.size,
        queued: this.queue.length,
      });
    } catch (error) {
      if (isVigilError(error)) this.refused(request, error);
      throw error;
    }
    const stamp = (ms: number): string => new Date(ms).toISOString().replace(/[:.]/g, '-');
    const job: ExportJob = {
      id,
      cameraId: request.cameraId,
      fromMs: request.fromMs,
      toMs: request.toMs,
      state: 'running',
      queued: true,
      progress: 0,
      fileName: `${request.cameraId}_${stamp(request.fromMs)}_${stamp(request.toMs)}.mp4`,
      createdAt: now,
    };
    this.jobs.set(id, job);
    this.publish(job, 'started', userId);
    this.queue.push({ job, files, userId });
    this.next();
    return job;
  }

  /** A job of this run, or a finished export found on disk (after a restart). */
  async get(id: string): Promise<ExportJob | undefined> {
    const job = this.jobs.get(id);
    if (job) return job;
    try {
      const m = JSON.parse(await readFile(join(this.dirOf(id), MANIFEST_NAME), 'utf8')) as ExportManifest;
      return {
        id,
        cameraId: m.camera.id,
        fromMs: m.range.fromMs,
        toMs: m.range.toMs,
        state: 'done',
        queued: false,
        progress: 1,
        fileName: m.file.name,
        bytes: m.file.bytes,
        sha256: m.file.sha256,
        createdAt: Date.parse(m.createdAt),
      };
    } catch (error) {
      if (error instanceof VigilError || (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Starts queued exports while an export ffmpeg is free. */
  private next(): void {
    while (this.running.size < this.limits.config.maxConcurrent) {
      const pending = this.queue.shift();
      if (!pending) return;
      pending.job.queued = false;
      this.tell(pending.job, pending.userId);
      // Held as running from now, so the next loop turn sees the slot taken before ffmpeg is spawned.
      this.running.set(pending.job.id, () => undefined);
      void this.run(pending.job, pending.files, pending.userId).finally(() => {
        this.running.delete(pending.job.id);
        this.next();
      });
    }
  }

  private refused(
    request: { cameraId: string; userId?: string | null; username?: string | null },
    error: VigilError,
  ): void {
    const refusal = error.details as ExportRefusal;
    const user = request.userId ?? '(no user)';
    const event: DomainEvent = {
      type: 'export.refused',
      severity: 'warning',
      cameraId: request.cameraId,
      userId: request.userId ?? null,
      message: `Export of camera ${request.cameraId} refused: ${error.message}`,
      data: { ...refusal, username: request.username ?? null },
    };
    if (this.options.refusals)
      this.options.refusals.publish(event, { keys: [`export.refused|${user}|${refusal.limit}`] });
    else this.options.events?.publish(event);
  }

  private async run(job: ExportJob, files: readonly RecordingFileInfo[], userId: string | null): Promise<void> {
    const dir = this.dirOf(job.id);
    try {
      await mkdir(dir, { recursive: true });
      const { list, startOffset, length } = concatPlan(this.options.dataDir, files, job.fromMs, job.toMs);
      const listPath = join(dir, 'sources.ffconcat');
      await writeFile(listPath, list);
      const out = join(dir, job.fileName);
      await this.ffmpeg(job, listPath, out, startOffset, length, userId);
      const bytes = (await stat(out)).size;
      const sha256 = await sha256File(out);
      await writeFile(
        join(dir, MANIFEST_NAME),
        `${JSON.stringify(this.manifest(job, files.length, bytes, sha256, userId), null, 2)}\n`,
      );
      Object.assign(job, { state: 'done', progress: 1, bytes, sha256 });
      this.limits.finish(job.id, { id: job.id, createdAt: job.createdAt, bytes, createdBy: userId });
      this.emit('progress', job);
      this.tell(job, userId);
      this.publish(job, 'completed', userId);
    } catch (error) {
      Object.assign(job, { state: 'failed', error: errorMessage(error) });
      this.limits.finish(job.id, undefined);
      this.tell(job, userId);
      this.logger.error({ export: job.id, err: errorMessage(error) }, 'export failed');
      this.publish(job, 'failed', userId);
      // A failed clip is of no use: its partial file must not take the export store's space.
      await rm(dir, { recursive: true, force: true }).catch((cleanup: unknown) =>
        this.logger.warn({ export: job.id, err: errorMessage(cleanup) }, 'could not remove a failed export'),
      );
    }
    this.emit('finished', job);
  }

  /** Pushes how the job goes to its user's consoles. */
  private tell(job: ExportJob, userId: string | null): void {
    if (!userId) return;
    const { id, state, queued, progress } = job;
    const at = Math.round(progress * 1000) / 1000;
    const progressOf = { id, state, queued, progress: at, bytes: job.bytes ?? null, sha256: job.sha256 ?? null };
    this.options.events?.notify?.({ kind: 'export', userId, job: { ...progressOf, error: job.error ?? null } });
  }

  private ffmpeg(
    job: ExportJob,
    listPath: string,
    out: string,
    startOffset: number,
    length: number,
    userId: string | null,
  ): Promise<void> {
    // A job still preparing when the hub stops must not start an ffmpeg after it.
    if (this.stopping) return Promise.reject(new Error('the hub is stopping'));
    return runExportFfmpeg({
      ffmpegPath: this.options.ffmpegPath ?? 'ffmpeg',
      args: exportArgs(listPath, out, startOffset, length),
      length,
      onSpawn: (kill) => this.running.set(job.id, kill),
      onProgress: (progress) => {
        if (progress <= job.progress) return;
        job.progress = progress;
        this.emit('progress', job);
        this.tell(job, userId);
      },
    });
  }

  private manifest(
    job: ExportJob,
    sourceFiles: number,
    bytes: number,
    sha256: string,
    userId: string | null,
  ): ExportManifest {
    const camera = this.options.describeCamera?.(job.cameraId);
    return {
      format: MANIFEST_FORMAT,
      exportId: job.id,
      camera: { id: job.cameraId, name: camera?.name ?? null },
      enterprise: { id: camera?.enterpriseId ?? null, name: camera?.enterpriseName ?? null },
      range: {
        from: new Date(job.fromMs).toISOString(),
        to: new Date(job.toMs).toISOString(),
        fromMs: job.fromMs,
        toMs: job.toMs,
      },
      sourceFiles,
      createdAt: new Date(this.now()).toISOString(),
      createdBy: userId,
      file: { name: job.fileName, bytes, sha256 },
      hubVersion: this.options.hubVersion,
    };
  }

  private publish(job: ExportJob, phase: 'started' | 'completed' | 'failed', userId: string | null): void {
    const range = `${new Date(job.fromMs).toISOString()} – ${new Date(job.toMs).toISOString()}`;
    const message =
      phase === 'started'
        ? `Export ${job.id} of camera ${job.cameraId} (${range}) started.`
        : phase === 'completed'
          ? `Export ${job.id} of camera ${job.cameraId} (${range}) is ready (SHA-256 ${job.sha256 ?? ''}).`
          : `Export ${job.id} of camera ${job.cameraId} (${range}) failed: ${job.error ?? 'unknown error'}.`;
    this.options.events?.publish({
      type: `recording.export.${phase}`,
      severity: phase === 'failed' ? 'error' : 'info',
      cameraId: job.cameraId,
      userId,
      message,
      data: {
        exportId: job.id,
        fromMs: job.fromMs,
        toMs: job.toMs,
        file: job.fileName,
        bytes: job.bytes,
        sha256: job.sha256,
      },
    });
  }
}

/** The clip's size from the files it copies (-c copy keeps the bytes): each file's share of the range. */
export function estimateBytes(files: readonly RecordingFileInfo[], fromMs: number, toMs: number): number {
  let bytes = 0;
  for (const file of files) {
    const span = file.endMs - file.startMs;
    const overlap = Math.min(toMs, file.endMs) - Math.max(fromMs, file.startMs);
    bytes += span > 0 ? (file.bytes * Math.max(0, overlap)) / span : file.bytes;
  }
  return Math.round(bytes);
}
