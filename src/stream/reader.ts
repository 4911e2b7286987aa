// One consumer of a camera stream: a bounded queue that drops to the next keyframe or disconnects on overflow.
import type { Fragment, InitSegment } from './fmp4.js';

export type StreamItem =
  { readonly type: 'init'; readonly init: InitSegment } | { readonly type: 'fragment'; readonly fragment: Fragment };

export type OverflowPolicy = 'drop' | 'disconnect';

/** `gop`: start with the cached GOP (fast start at the last keyframe); `next-keyframe`: wait for a new one. */
export type ReaderStart = 'gop' | 'next-keyframe';

/** Why a reader stopped: closed by its owner, disconnected for being too slow, stream ended, or its callback threw. */
export type CloseReason = 'closed' | 'overflow' | 'ended' | 'error';

export interface ReaderOptions {
  readonly name: string;
  /** Queue bound in bytes (default 8 MiB). */
  readonly maxQueuedBytes?: number;
  /** Queue bound in fragments (default 150, about 30 s of 200 ms fragments). */
  readonly maxQueuedFragments?: number;
  readonly onOverflow?: OverflowPolicy;
  readonly start?: ReaderStart;
  /**
   * Push-style consumption. A synchronous callback is called in the producer's turn (no queueing at all);
   * while a returned promise is pending, later items queue up to the bounds.
   */
  readonly onItem?: (item: StreamItem) => void | Promise<void>;
  readonly onClose?: (reason: CloseReason, error?: unknown) => void;
}

export interface ReaderStats {
  delivered: number;
  deliveredBytes: number;
  /** Fragments this reader lost to overflow (including those skipped while waiting for a keyframe). */
  dropped: number;
  droppedBytes: number;
  /** Times the queue was full. */
  overflows: number;
  queuedFragments: number;
  queuedBytes: number;
}

/** What the reader reports back to its stream, so the stream's totals stay cheap to read. */
export interface ReaderHooks {
  dropped(bytes: number): void;
  closed(reader: StreamReader, reason: CloseReason): void;
}

const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;
const DEFAULT_MAX_FRAGMENTS = 150;

export class StreamReader implements AsyncIterable<StreamItem> {
  readonly name: string;
  readonly stats: ReaderStats = {
    delivered: 0,
    deliveredBytes: 0,
    dropped: 0,
    droppedBytes: 0,
    overflows: 0,
    queuedFragments: 0,
    queuedBytes: 0,
  };
  private readonly maxBytes: number;
  private readonly maxFragments: number;
  private readonly policy: OverflowPolicy;
  private readonly onItem: ReaderOptions['onItem'];
  private readonly onClose: ReaderOptions['onClose'];
  private queue: (StreamItem | undefined)[] = [];
  private head = 0;
  /** True until a keyframe arrives: at start, after a new init, and after a drop (keeps the decoder valid). */
  private awaitingKeyframe = true;
  private skippingAfterDrop = false;
  private busy = false;
  private waiter: ((item: StreamItem | undefined) => void) | undefined;
  private reason: CloseReason | undefined;

  constructor(
    options: ReaderOptions,
    private readonly hooks: ReaderHooks,
  ) {
    this.name = options.name;
    this.maxBytes = options.maxQueuedBytes ?? DEFAULT_MAX_BYTES;
    this.maxFragments = options.maxQueuedFragments ?? DEFAULT_MAX_FRAGMENTS;
    this.policy = options.onOverflow ?? 'drop';
    this.onItem = options.onItem;
    this.onClose = options.onClose;
  }

  /** Set once the reader stopped; a closed reader receives nothing more. */
  get closeReason(): CloseReason | undefined {
    return this.reason;
  }

  /** For the stream only: offers an item. Never blocks; applies the overflow policy. */
  offer(item: StreamItem): void {
    if (this.reason) return;
    if (item.type === 'init') {
      // Init segments are small and always delivered: a reader must never miss a codec change.
      this.awaitingKeyframe = true;
      this.enqueue(item, 0);
      return;
    }
    const fragment = item.fragment;
    if (this.awaitingKeyframe && !fragment.keyframe) {
      if (this.skippingAfterDrop) this.countDrop(fragment.byteLength);
      return;
    }
    const bytes = fragment.byteLength;
    const queued = this.queue.length - this.head;
    if (queued > 0 && (queued + 1 > this.maxFragments || this.stats.queuedBytes + bytes > this.maxBytes)) {
      this.stats.overflows++;
      if (this.policy === 'disconnect') {
        this.finish('overflow');
        return;
      }
      this.awaitingKeyframe = true;
      this.skippingAfterDrop = true;
      this.countDrop(bytes);
      return;
    }
    this.awaitingKeyframe = false;
    this.skippingAfterDrop = false;
    this.enqueue(item, bytes);
  }

  /** For the stream only: holds delivery until the catch-up items are queued, then drains on a microtask. */
  holdUntilMicrotask(): void {
    this.busy = true;
    queueMicrotask(() => {
      this.busy = false;
      this.drain();
    });
  }

  /** The next item, or undefined once the reader is closed. For pull-style consumers. */
  next(): Promise<StreamItem | undefined> {
    const item = this.dequeue();
    if (item || this.reason) return Promise.resolve(item);
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  async *[Symbol.asyncIterator](): AsyncIterator<StreamItem> {
    try {
      for (;;) {
        const item = await this.next();
        if (!item) return;
        yield item;
      }
    } finally {
      this.close();
    }
  }

  close(): void {
    this.finish('closed');
  }

  /** For the stream only. */
  finish(reason: CloseReason, error?: unknown): void {
    if (this.reason) return;
    this.reason = reason;
    this.queue = [];
    this.head = 0;
    this.stats.queuedBytes = 0;
    this.stats.queuedFragments = 0;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.(undefined);
    this.hooks.closed(this, reason);
    this.onClose?.(reason, error);
  }

  private enqueue(item: StreamItem, bytes: number): void {
    if (this.waiter && this.head === this.queue.length) {
      const waiter = this.waiter;
      this.waiter = undefined;
      this.account(item, bytes);
      waiter(item);
      return;
    }
    this.queue.push(item);
    this.stats.queuedBytes += bytes;
    if (bytes > 0) this.stats.queuedFragments++;
    if (this.onItem && !this.busy) this.drain();
  }

  private dequeue(): StreamItem | undefined {
    if (this.head >= this.queue.length) return undefined;
    const item = this.queue[this.head];
    this.queue[this.head++] = undefined; // release the buffer for GC
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    } else if (this.head > 1024) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    if (!item) return undefined;
    const bytes = item.type === 'fragment' ? item.fragment.byteLength : 0;
    this.stats.queuedBytes -= bytes;
    if (bytes > 0) this.stats.queuedFragments--;
    this.account(item, bytes);
    return item;
  }

  private account(item: StreamItem, bytes: number): void {
    if (item.type === 'fragment') {
      this.stats.delivered++;
      this.stats.deliveredBytes += bytes;
    }
  }

  /** Callback mode: hands queued items over until one returns a pending promise. */
  private drain(): void {
    const onItem = this.onItem;
    if (!onItem) return;
    while (!this.busy && !this.reason) {
      const item = this.dequeue();
      if (!item) return;
      let result: void | Promise<void>;
      try {
        result = onItem(item);
      } catch (error) {
        this.finish('error', error);
        return;
      }
      if (result instanceof Promise) {
        this.busy = true;
        result.then(
          () => {
            this.busy = false;
            this.drain();
          },
          (error: unknown) => this.finish('error', error),
        );
      }
    }
  }

  private countDrop(bytes: number): void {
    this.stats.dropped++;
    this.stats.droppedBytes += bytes;
    this.hooks.dropped(bytes);
  }
}
