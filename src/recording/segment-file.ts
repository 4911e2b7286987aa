// One recording file being appended to: a WriteStream, what has reached the OS, and backpressure.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * Appends buffers through one fs.WriteStream: no sync calls, writes coalesced by Node, and a crash loses at
 * most what was still queued. `flushedBytes` counts only bytes the OS accepted, so the index never points
 * past what a reader can find on disk.
 */
export class SegmentFile {
  private readonly stream: WriteStream;
  private flushed = 0;
  private written = 0;
  private failed = false;
  private readonly closed: Promise<void>;

  constructor(
    readonly fullPath: string,
    onError: (error: Error) => void,
  ) {
    this.stream = createWriteStream(fullPath, { flags: 'w', highWaterMark: 1024 * 1024 });
    this.stream.on('error', (error) => {
      if (this.failed) return;
      this.failed = true;
      onError(error);
    });
    this.closed = once(this.stream, 'close').then(
      () => undefined,
      () => undefined,
    );
  }

  get flushedBytes(): number {
    return this.flushed;
  }

  get writtenBytes(): number {
    return this.written;
  }

  get hasFailed(): boolean {
    return this.failed;
  }

  /** Queues `data`; `onFlushed` runs once the OS has it. False means "wait for drained()" (backpressure). */
  write(data: Buffer, onFlushed?: () => void): boolean {
    if (this.failed) return true;
    this.written += data.length;
    return this.stream.write(data, (error) => {
      if (error) return; // reported once through the 'error' event
      this.flushed += data.length;
      onFlushed?.();
    });
  }

  /** Resolves when the queue drained or the file failed (a failed file never drains). */
  async drained(): Promise<void> {
    if (this.failed || !this.stream.writableNeedDrain) return;
    // once() rejects on 'error'; the error itself is reported through onError, so here it only ends the wait.
    await Promise.race([once(this.stream, 'drain').catch(() => undefined), this.closed]);
  }

  /** Flushes and closes; after a failure, discards what is queued. */
  async close(): Promise<void> {
    if (this.failed) this.stream.destroy();
    else this.stream.end();
    await this.closed;
  }
}
