// The recording service: one CameraRecorder per recorded stream, start-up repair, batched index updates, write errors as events.
import { errorMessage, silentLogger, type Logger, type Service } from '../shared/index.js';
import type { DomainEvent } from '../events/index.js';
import type { ReaderOptions } from '../stream/index.js';
import { CameraRecorder } from './camera-recorder.js';
import { repairRecordings, type RepairIndex, type RepairReport } from './repair.js';
import type { RecordingIndexWriter } from './camera-recorder.js';
import type { Progress } from './store.js';

/** Where the recorder reads from; CameraStream satisfies it. */
export interface FragmentSource {
  addReader(options: ReaderOptions): { close(): void };
}

export interface EventSink {
  publish(event: DomainEvent): void;
}

/** The index operations the recorder uses; RecordingStore satisfies it. */
export type RecorderIndex = RecordingIndexWriter & RepairIndex & { updateProgress(rows: readonly Progress[]): void };

export interface RecorderOptions {
  readonly dataDir: string;
  readonly index: RecorderIndex;
  readonly events?: EventSink;
  readonly logger?: Logger;
  /** File length: a new file starts at the first keyframe after each multiple of this. Default 60. */
  readonly segmentSeconds?: number;
  /** How often held writes go to the OS and open files' end and size reach the index. Default 1000 ms. */
  readonly progressIntervalMs?: number;
  /** Pause after a write error before a camera tries again. Default 30 s. */
  readonly retryAfterMs?: number;
  /** Reader queue bound; a slow disk drops to the next keyframe beyond it. Default 16 MiB. */
  readonly maxQueuedBytes?: number;
  readonly now?: () => number;
  /** Called on ENOSPC/EDQUOT, e.g. to run a retention sweep at once. */
  readonly onDiskFull?: () => void;
}

const FULL_CODES = new Set(['ENOSPC', 'EDQUOT']);

export class Recorder implements Service {
  readonly name = 'recorder';
  private readonly cameras = new Map<string, { recorder: CameraRecorder; close: () => void; closed: boolean }>();
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
  private lastRepair: RepairReport | undefined;
  /** Files still closing after their stream ended: stop() waits for them so no row is left open. */
  private readonly closing = new Set<Promise<void>>();

  constructor(private readonly options: RecorderOptions) {
    this.logger = options.logger ?? silentLogger();
  }

  get repairReport(): RepairReport | undefined {
    return this.lastRepair;
  }

  /** Repairs what a crash left behind, then starts the once-a-second index update. */
  async start(): Promise<void> {
    this.lastRepair = await repairRecordings(this.options.dataDir, this.options.index, this.logger);
    this.timer = setInterval(() => this.flushProgress(), this.options.progressIntervalMs ?? 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await Promise.all([...this.cameras.keys()].map((key) => this.stopKey(key)));
    await Promise.all([...this.closing]);
  }

  /** Starts recording a camera stream (idempotent). */
  record(cameraId: string, source: FragmentSource, stream = 'main'): void {
    const key = `${cameraId}/${stream}`;
    if (this.cameras.has(key)) return;
    const recorder = new CameraRecorder(cameraId, stream, {
      dataDir: this.options.dataDir,
      index: this.options.index,
      segmentMs: (this.options.segmentSeconds ?? 60) * 1000,
      retryAfterMs: this.options.retryAfterMs ?? 30_000,
      now: this.options.now ?? Date.now,
      logger: this.logger.child({ camera: cameraId, stream }),
      onWriteError: (id, path, error) => this.writeFailed(id, path, error),
    });
    const entry = { recorder, close: (): void => undefined, closed: false };
    const reader = source.addReader({
      name: 'recording',
      start: 'gop',
      onOverflow: 'drop',
      maxQueuedBytes: this.options.maxQueuedBytes ?? 16 * 1024 * 1024,
      maxQueuedFragments: 600,
      onItem: (item) => recorder.onItem(item),
      onClose: (reason, error) => {
        if (reason === 'error')
          this.logger.error({ camera: cameraId, err: errorMessage(error) }, 'recording reader failed');
        // The stream ended (camera removed) or the reader failed: forget it so record() can attach again.
        entry.closed = true;
        if (this.cameras.get(key) === entry) this.cameras.delete(key);
        const closing = recorder.stop().finally(() => this.closing.delete(closing));
        this.closing.add(closing);
      },
    });
    entry.close = () => reader.close();
    // An already-ended stream closes the reader inside addReader.
    if (!entry.closed) this.cameras.set(key, entry);
  }

  /** Stops recording a camera stream and closes its file. */
  async stopRecording(cameraId: string, stream = 'main'): Promise<void> {
    await this.stopKey(`${cameraId}/${stream}`);
  }

  isRecording(cameraId: string, stream = 'main'): boolean {
    return this.cameras.has(`${cameraId}/${stream}`);
  }

  /** Writes what the files hold and pushes open files' progress to the index (the timer does this every second). */
  flushProgress(): void {
    const rows: Progress[] = [];
    for (const { recorder } of this.cameras.values()) {
      recorder.flushWrites();
      const progress = recorder.takeProgress();
      if (progress) rows.push(progress);
    }
    try {
      this.options.index.updateProgress(rows);
    } catch (error) {
      // A busy or failing database must not stop the recording; the next tick tries again.
      this.logger.warn({ err: errorMessage(error) }, 'recording index update failed');
    }
  }

  private async stopKey(key: string): Promise<void> {
    const entry = this.cameras.get(key);
    if (!entry) return;
    this.cameras.delete(key);
    entry.close();
    await entry.recorder.stop();
  }

  private writeFailed(cameraId: string, path: string, error: unknown): void {
    const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
    const full = FULL_CODES.has(code);
    const detail = errorMessage(error);
    this.logger.error({ camera: cameraId, path, err: detail }, 'recording write failed; retrying later');
    this.options.events?.publish({
      type: full ? 'storage.full' : 'storage.error',
      severity: 'error',
      cameraId,
      message: full
        ? `Recording of camera ${cameraId} paused: the disk is full. Old recordings are being removed; it retries shortly.`
        : `Recording of camera ${cameraId} paused after a write error (${detail}); it retries shortly.`,
      data: { path, detail },
    });
    if (full) this.options.onDiskFull?.();
  }
}
