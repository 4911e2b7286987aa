// Clip export: ffmpeg concatenates the recorded files (-c copy) into one MP4, with progress, a manifest and events.
import { EventEmitter } from 'node:events';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DomainEvent } from '../events/index.js';
import { runFfmpeg, type SpawnPort } from '../ffmpeg/index.js';
import { EXPORTS_DIR, resolveRecordingPath } from '../recording/index.js';
import { VigilError, errorMessage, newId, silentLogger, type Logger } from '../shared/index.js';
import type { RecordingFileInfo } from './catalog.js';
import { MANIFEST_FORMAT, MANIFEST_NAME, sha256File, type ExportManifest } from './manifest.js';

export type ExportState = 'running' | 'done' | 'failed';

export interface ExportJob {
  readonly id: string;
  readonly cameraId: string;
  readonly fromMs: number;
  readonly toMs: number;
  state: ExportState;
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
  readonly events?: { publish(event: DomainEvent): void };
  readonly logger?: Logger;
  readonly ffmpegPath?: string;
  /** The spawn port (a test's); the hub's one spawn path by default. */
  readonly spawn?: SpawnPort;
  readonly hubVersion: string;
  readonly now?: () => number;
}

export interface ExportEvents {
  progress: [ExportJob];
  finished: [ExportJob];
}

const EXPORT_ID = /^exp_[a-z0-9]{10,}$/;

export class ExportService extends EventEmitter<ExportEvents> {
  private readonly jobs = new Map<string, ExportJob>();
  private readonly running = new Map<string, AbortController>();
  private readonly logger: Logger;
  private readonly now: () => number;

  constructor(private readonly options: ExportServiceOptions) {
    super();
    this.logger = options.logger ?? silentLogger();
    this.now = options.now ?? Date.now;
  }

  dirOf(id: string): string {
    if (!EXPORT_ID.test(id)) throw new VigilError('VIGIL_NOT_FOUND', `no export ${id}`);
    return join(this.options.dataDir, EXPORTS_DIR, id);
  }

  /** Starts an export; the job runs in the background. Throws VIGIL_NOT_FOUND when nothing is recorded. */
  create(request: { cameraId: string; fromMs: number; toMs: number; userId?: string | null }): ExportJob {
    const files = this.options.lookup.files(request.cameraId, request.fromMs, request.toMs).filter((f) => !f.open);
    if (files.length === 0) {
      throw new VigilError('VIGIL_NOT_FOUND', 'Nothing is recorded (and closed) in that time range for this camera.');
    }
    const id = newId('exp', 12);
    const stamp = (ms: number): string => new Date(ms).toISOString().replace(/[:.]/g, '-');
    const job: ExportJob = {
      id,
      cameraId: request.cameraId,
      fromMs: request.fromMs,
      toMs: request.toMs,
      state: 'running',
      progress: 0,
      fileName: `${request.cameraId}_${stamp(request.fromMs)}_${stamp(request.toMs)}.mp4`,
      createdAt: this.now(),
    };
    this.jobs.set(id, job);
    this.publish(job, 'started', request.userId ?? null);
    void this.run(job, files, request.userId ?? null);
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

  /** Kills running ffmpeg processes (hub shutdown). */
  stop(): void {
    for (const run of this.running.values()) run.abort();
  }

  private async run(job: ExportJob, files: readonly RecordingFileInfo[], userId: string | null): Promise<void> {
    const dir = this.dirOf(job.id);
    try {
      await mkdir(dir, { recursive: true });
      const first = files[0] as RecordingFileInfo;
      const last = files[files.length - 1] as RecordingFileInfo;
      // Offsets on the concatenated timeline, which starts at the first file's start.
      const startOffset = Math.max(0, job.fromMs - first.startMs) / 1000;
      const length = (Math.min(job.toMs, last.endMs) - Math.max(job.fromMs, first.startMs)) / 1000;
      const list = ['ffconcat version 1.0'];
      for (const f of files) {
        const full = resolveRecordingPath(this.options.dataDir, f.path).replace(/'/g, "'\\''");
        // Durations from the index let the concat demuxer place files without probing each one.
        list.push(`file '${full}'`, `duration ${((f.endMs - f.startMs) / 1000).toFixed(3)}`);
      }
      const listPath = join(dir, 'sources.ffconcat');
      await writeFile(listPath, `${list.join('\n')}\n`);
      const out = join(dir, job.fileName);
      await this.ffmpeg(job, listPath, out, startOffset, length);
      const bytes = (await stat(out)).size;
      const sha256 = await sha256File(out);
      await writeFile(
        join(dir, MANIFEST_NAME),
        `${JSON.stringify(this.manifest(job, files.length, bytes, sha256, userId), null, 2)}\n`,
      );
      Object.assign(job, { state: 'done', progress: 1, bytes, sha256 });
      this.emit('progress', job);
      this.publish(job, 'completed', userId);
    } catch (error) {
      Object.assign(job, { state: 'failed', error: errorMessage(error) });
      this.logger.error({ export: job.id, err: errorMessage(error) }, 'export failed');
      this.publish(job, 'failed', userId);
    }
    this.emit('finished', job);
  }

  private async ffmpeg(
    job: ExportJob,
    listPath: string,
    out: string,
    startOffset: number,
    length: number,
  ): Promise<void> {
    const args = [
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'error',
      '-nostats',
      '-f',
      'concat',
      '-safe',
      '0',
      // Input-side seek on the concat timeline: with -c copy it lands on the keyframe before (approximate trim).
      ...(startOffset > 0.5 ? ['-ss', startOffset.toFixed(3)] : []),
      '-i',
      listPath,
      '-t',
      length.toFixed(3),
      '-map',
      '0',
      '-c',
      'copy',
      '-movflags',
      '+faststart',
      '-progress',
      'pipe:1',
      '-y',
      out,
    ];
    const abort = new AbortController();
    this.running.set(job.id, abort);
    try {
      const run = await runFfmpeg({
        command: this.options.ffmpegPath ?? 'ffmpeg',
        args,
        signal: abort.signal,
        onStdoutLine: (line) => {
          const match = /^out_time_us=(\d+)/.exec(line);
          if (!match || length <= 0) return;
          const progress = Math.min(0.99, Number(match[1]) / 1e6 / length);
          if (progress > job.progress) {
            job.progress = progress;
            this.emit('progress', job);
          }
        },
        ...(this.options.spawn ? { spawn: this.options.spawn } : {}),
      });
      if (run.code !== 0) {
        throw new Error(`ffmpeg ended with ${run.signal ?? `code ${run.code}`}: ${run.stderr.at(-1) ?? ''}`);
      }
    } finally {
      this.running.delete(job.id);
    }
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
