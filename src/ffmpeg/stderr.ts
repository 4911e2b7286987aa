// Cheap stderr handling: split chunks into lines, cap their length, redact credentials, keep the last N in a ring.
import { redactSecrets } from '../shared/redact.js';

export interface StderrRingOptions {
  /** Lines kept for the camera's detail view. */
  readonly capacity?: number;
  /** Longer lines are cut: some builds print whole SDPs or hex dumps. */
  readonly maxLineLength?: number;
  /** Literal secrets (passwords) to blank out in addition to URL userinfo. */
  readonly secrets?: readonly string[];
}

const PARTIAL_LIMIT = 4096;

/**
 * Some streams make ffmpeg warn once per packet, so the per-chunk work is a split and a bounded copy; redaction
 * runs when a line is stored, and nothing here logs.
 */
export class StderrRing {
  private readonly capacity: number;
  private readonly maxLineLength: number;
  private readonly secrets: readonly string[];
  private readonly ring: string[] = [];
  private next = 0;
  private partial = '';
  private total = 0;

  constructor(options: StderrRingOptions = {}) {
    this.capacity = options.capacity ?? 50;
    this.maxLineLength = options.maxLineLength ?? 300;
    this.secrets = options.secrets ?? [];
  }

  /** Lines received so far (including those the ring has dropped). */
  get lineCount(): number {
    return this.total;
  }

  push(chunk: Buffer | string): void {
    const text = this.partial + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    const parts = text.split(/\r\n|\n|\r/);
    // The last part has no newline yet; keep it for the next chunk. ffmpeg's own log lines stop at 1 KiB, so the
    // bound only guards against a binary flood; it is far above any real line, so a URL is never cut before redaction.
    const tail = parts.pop() ?? '';
    this.partial = tail.length > PARTIAL_LIMIT ? tail.slice(0, PARTIAL_LIMIT) : tail;
    for (const line of parts) this.add(line);
  }

  /** Stores a pending partial line (call when the process has exited). */
  flush(): void {
    if (this.partial !== '') this.add(this.partial);
    this.partial = '';
  }

  /** Oldest first. */
  lines(): string[] {
    if (this.ring.length < this.capacity) return this.ring.slice();
    return [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }

  /** The newest stored line, if any. */
  last(): string | undefined {
    if (this.ring.length === 0) return undefined;
    return this.ring[(this.next - 1 + this.ring.length) % this.ring.length];
  }

  private add(raw: string): void {
    if (raw.trim() === '') return;
    // Redact first, then cut: a cut through a URL could otherwise leave part of a password in front of the '@'.
    const redacted = redactSecrets(raw, this.secrets);
    const line = redacted.length > this.maxLineLength ? `${redacted.slice(0, this.maxLineLength)}…` : redacted;
    this.total++;
    if (this.ring.length < this.capacity) {
      this.ring.push(line);
      this.next = this.ring.length % this.capacity;
    } else {
      this.ring[this.next] = line;
      this.next = (this.next + 1) % this.capacity;
    }
  }
}
