// Records one camera stream: places fragments on the wall clock, cuts a new file at the first keyframe of each period.
import { mkdir, rm, truncate } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { WallClock } from '../live/index.js';
import { errorMessage, type Logger } from '../shared/index.js';
import type { Fragment, InitSegment, StreamItem } from '../stream/index.js';
import { recordingRelativePath } from './paths.js';
import { SegmentFile } from './segment-file.js';
import type { NewRecording, Progress, RecordingRow } from './store.js';

/** What a camera recorder needs from the index. */
export interface RecordingIndexWriter {
  insert(rec: NewRecording): number;
  close(id: number, endMs: number, bytes: number): void;
  remove(id: number): void;
  byPath(path: string): RecordingRow | undefined;
}

export interface CameraRecorderContext {
  readonly dataDir: string;
  readonly index: RecordingIndexWriter;
  readonly segmentMs: number;
  readonly retryAfterMs: number;
  readonly now: () => number;
  readonly logger: Logger;
  /** A write failed: the recorder has already stopped writing; the owner publishes the event. */
  readonly onWriteError: (cameraId: string, path: string, error: unknown) => void;
}

interface OpenFile {
  readonly id: number;
  readonly path: string;
  readonly file: SegmentFile;
  readonly startMs: number;
  /** Wall time at which the next keyframe starts a new file. */
  readonly boundaryMs: number;
  readonly initBytes: number;
  /** End of the last fragment the OS accepted: what the index may claim. */
  flushedEndMs: number;
  fragments: number;
  dirty: boolean;
}

/** Media time jumps bigger than this mean the producer restarted: the file is cut and the clock re-anchored. */
const MEDIA_GAP_SECONDS = 1;

export class CameraRecorder {
  private init: InitSegment | undefined;
  private current: OpenFile | undefined;
  private readonly clock = new WallClock();
  private mediaEnd: number | undefined;
  /** The next file starts a new media timeline: the player must reset its decoder there. */
  private timelineBreak = true;
  private pausedUntil = 0;
  private readonly closing = new Set<Promise<void>>();
  private readonly dirs = new Set<string>();
  private stopped = false;

  constructor(
    readonly cameraId: string,
    readonly stream: string,
    private readonly ctx: CameraRecorderContext,
  ) {}

  /** The reader callback. Returns a promise only when the caller must wait (file open, disk backpressure). */
  onItem(item: StreamItem): void | Promise<void> {
    if (this.stopped) return;
    if (item.type === 'init') return this.onInit(item.init);
    return this.onFragment(item.fragment);
  }

  /** Sends the open file's held writes to the OS (the recorder's shared tick). */
  flushWrites(): void {
    this.current?.file.flush();
  }

  /** Row progress for the periodic index update; undefined when nothing changed since the last call. */
  takeProgress(): Progress | undefined {
    const cur = this.current;
    if (!cur || !cur.dirty) return undefined;
    cur.dirty = false;
    return { id: cur.id, endMs: cur.flushedEndMs, bytes: cur.file.flushedBytes };
  }

  /** Closes the open file and waits for every close in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    const cur = this.current;
    this.current = undefined;
    if (cur) this.track(this.finish(cur));
    await Promise.all([...this.closing]);
  }

  private onInit(init: InitSegment): void {
    if (this.init?.data.equals(init.data)) return;
    this.init = init;
    this.mediaEnd = undefined;
    this.timelineBreak = true;
    this.clock.discontinuity();
    // A file holds one init: a codec or resolution change starts a new file at the next keyframe.
    this.rotateOut();
  }

  private onFragment(fragment: Fragment): void | Promise<void> {
    const init = this.init;
    if (!init) return;
    const mediaStart = fragment.decodeTime / fragment.timescale;
    const jumped = this.mediaEnd !== undefined && Math.abs(mediaStart - this.mediaEnd) > MEDIA_GAP_SECONDS;
    this.mediaEnd = mediaStart + fragment.durationSeconds;
    if (jumped) {
      this.timelineBreak = true;
      this.clock.discontinuity();
      this.rotateOut();
    }
    // Same placement as the live packager, so a recorded second and a live second carry the same PDT.
    const wallStart = this.clock.place(mediaStart, fragment.durationSeconds, fragment.receivedAt);
    const wallEnd = wallStart + fragment.durationSeconds * 1000;
    const cur = this.current;
    if (cur && fragment.keyframe && wallStart >= cur.boundaryMs) this.rotateOut();
    if (!this.current) {
      if (!fragment.keyframe || this.ctx.now() < this.pausedUntil) return;
      return this.openFile(init, wallStart).then((opened) => {
        if (opened) return this.append(fragment, wallEnd);
      });
    }
    return this.append(fragment, wallEnd);
  }

  private append(fragment: Fragment, wallEnd: number): void | Promise<void> {
    const cur = this.current;
    if (!cur) return;
    cur.fragments++;
    const ok = cur.file.write(fragment.data, () => {
      cur.flushedEndMs = Math.max(cur.flushedEndMs, wallEnd);
      cur.dirty = true;
    });
    if (!ok) return cur.file.drained();
  }

  private async openFile(init: InitSegment, startMs: number): Promise<boolean> {
    let path = recordingRelativePath(this.cameraId, startMs);
    for (let n = 1; this.ctx.index.byPath(path); n++) path = recordingRelativePath(this.cameraId, startMs, n);
    const fullPath = join(this.ctx.dataDir, path);
    try {
      const dir = dirname(fullPath);
      if (!this.dirs.has(dir)) {
        await mkdir(dir, { recursive: true });
        this.dirs.add(dir);
      }
    } catch (error) {
      this.fail(path, error);
      return false;
    }
    if (this.stopped) return false;
    let id: number;
    try {
      // The row goes in before the first byte: a crash from here on leaves an 'open' row for repair to find.
      id = this.ctx.index.insert({
        cameraId: this.cameraId,
        stream: this.stream,
        startMs,
        bytes: 0,
        path,
        open: true,
        discontinuity: this.timelineBreak,
      });
      this.timelineBreak = false;
    } catch (error) {
      // A locked or failing database pauses this camera like a disk error instead of killing its reader.
      this.fail(path, error);
      return false;
    }
    const file = new SegmentFile(fullPath, (error) => this.fail(path, error));
    const boundaryMs = (Math.floor(startMs / this.ctx.segmentMs) + 1) * this.ctx.segmentMs;
    const opened: OpenFile = {
      id,
      path,
      file,
      startMs,
      boundaryMs,
      initBytes: init.data.length,
      flushedEndMs: startMs,
      fragments: 0,
      dirty: false,
    };
    this.current = opened;
    file.write(init.data);
    return true;
  }

  private rotateOut(): void {
    const cur = this.current;
    if (!cur) return;
    this.current = undefined;
    this.track(this.finish(cur));
  }

  private track(work: Promise<void>): void {
    this.closing.add(work);
    void work.finally(() => this.closing.delete(work));
  }

  /** Closes a file and its row; a file with no complete fragment is removed altogether. */
  private async finish(cur: OpenFile): Promise<void> {
    await cur.file.close();
    const bytes = cur.file.flushedBytes;
    try {
      if (bytes <= cur.initBytes) {
        this.ctx.index.remove(cur.id);
        await rm(cur.file.fullPath, { force: true });
        return;
      }
      if (cur.file.hasFailed && bytes < cur.file.writtenBytes) {
        // Cut the torn tail now so the closed file stays readable to its last complete fragment.
        await truncate(cur.file.fullPath, bytes);
      }
      this.ctx.index.close(cur.id, cur.flushedEndMs, bytes);
    } catch (error) {
      // Left 'open' in the index: the repair at the next start finishes the job.
      this.ctx.logger.warn({ err: errorMessage(error), path: cur.path }, 'could not finish recording file');
    }
  }

  private fail(path: string, error: unknown): void {
    if (this.stopped) return;
    this.pausedUntil = this.ctx.now() + this.ctx.retryAfterMs;
    if (this.current?.path === path) this.rotateOut();
    this.ctx.onWriteError(this.cameraId, path, error);
  }
}
