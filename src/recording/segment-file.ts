// One recording file being appended to: a WriteStream, batched writes, what has reached the OS, and backpressure.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * Appends buffers through one fs.WriteStream: no sync calls, and a crash loses at most what was still queued.
 * Writes are held (corked) until `flush()` — the recorder's shared tick, about once a second — and then leave
 * in one writev: at five fragments a second that is a fifth of the system calls and thread-pool hand-offs.
 * `flushedBytes` counts only bytes the OS accepted, so the index never points past what a reader can find.
 */
export class SegmentFile {
  private readonly stream: WriteStream;
  private flushed = 0;
  private written = 0;
  private failed = false;
  private corked = false;
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

  /** Queues `data` until the next flush; `onFlushed` runs once the OS has it. False: wait for drained(). */
  write(data: Buffer, onFlushed?: () => void): boolean {
    if (this.failed) return true;
    this.written += data.length;
    if (!this.corked) {
      this.stream.cork();
      this.corked = true;
    }
    const ok = this.stream.write(data, (error) => {
      if (error) return; // reported once through the 'error' event
      this.flushed += data.length;
      onFlushed?.();
    });
    // A full buffer (a high-bitrate camera) goes out now rather than waiting for the tick.
    if (!ok) this.flush();
    return ok;
  }

  /** Hands what is held to the OS in one writev. */
  flush(): void {
    if (!this.corked) return;
    this.corked = false;
    this.stream.uncork();
  }

  /** Resolves when the queue drained or the file failed (a failed file never drains). */
  async drained(): Promise<void> {
    if (this.failed || !this.stream.writableNeedDrain) return;
    // once() rejects on 'error'; the error itself is reported through onError, so here it only ends the wait.
    await Promise.race([once(this.stream, 'drain').catch(() => undefined), this.closed]);
  }

  /** Flushes and closes; after a failure, discards what is queued. */
  async close(): Promise<void> {
    this.corked = false;
    if (this.failed) this.stream.destroy();
    else this.stream.end(); // end() writes what is still held
    await this.closed;
  }
}
