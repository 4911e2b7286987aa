// Incremental ISO-BMFF top-level box reader: arbitrary stdout chunks in, init segment and moof+mdat fragments out.
import { VigilError } from '../shared/index.js';

export type BoxGroupKind = 'init' | 'fragment';

/** One complete unit cut from the byte stream: the init segment (ftyp+moov) or one fragment (…moof+mdat). */
export interface BoxGroup {
  readonly kind: BoxGroupKind;
  readonly data: Buffer;
}

export interface BoxReaderOptions {
  /** Largest box (and largest group) accepted; anything bigger means the input is not fMP4. Default 64 MiB. */
  readonly maxBoxSize?: number;
}

export const DEFAULT_MAX_BOX_SIZE = 64 * 1024 * 1024;

const HEADER_SIZE = 8;
const LARGE_HEADER_SIZE = 16;

/**
 * Cuts a fragmented-MP4 byte stream into groups without copying per chunk: chunks are kept in a list and
 * concatenated once, when a group (init or fragment) completes. Box headers that straddle chunks are read
 * through a 16-byte scratch buffer.
 */
export class BoxReader {
  private readonly maxBoxSize: number;
  private chunks: Buffer[] = [];
  /** Bytes held in `chunks`, all belonging to the current (unfinished) group. */
  private pending = 0;
  /** Offset, from the start of the group, of the next box header not yet read. */
  private cursor = 0;
  private sawMoof = false;
  private failed: VigilError | undefined;
  private readonly scratch = Buffer.alloc(LARGE_HEADER_SIZE);

  constructor(options: BoxReaderOptions = {}) {
    this.maxBoxSize = options.maxBoxSize ?? DEFAULT_MAX_BOX_SIZE;
  }

  /** Bytes buffered for the group in progress. */
  get bufferedBytes(): number {
    return this.pending;
  }

  /** Feeds one chunk; returns the groups it completed (usually zero or one). Throws VigilError on garbage. */
  push(chunk: Buffer): BoxGroup[] {
    if (this.failed) throw this.failed;
    if (chunk.length === 0) return [];
    this.chunks.push(chunk);
    this.pending += chunk.length;
    const out: BoxGroup[] = [];
    try {
      this.scan(out);
    } catch (error) {
      this.failed = error instanceof VigilError ? error : new VigilError('VIGIL_VALIDATION', String(error));
      this.chunks = [];
      this.pending = 0;
      throw this.failed;
    }
    return out;
  }

  /** Forgets everything buffered (e.g. after the producer restarted) and clears a previous error. */
  reset(): void {
    this.chunks = [];
    this.pending = 0;
    this.cursor = 0;
    this.sawMoof = false;
    this.failed = undefined;
  }

  private scan(out: BoxGroup[]): void {
    while (this.pending - this.cursor >= HEADER_SIZE) {
      this.copyOut(this.cursor, HEADER_SIZE);
      let size = this.scratch.readUInt32BE(0);
      const type = this.scratch.toString('latin1', 4, 8);
      if (!isBoxType(this.scratch)) throw invalid(`not an MP4 box type at offset ${this.cursor}`);
      if (size === 1) {
        if (this.pending - this.cursor < LARGE_HEADER_SIZE) return;
        this.copyOut(this.cursor, LARGE_HEADER_SIZE);
        size = this.scratch.readUInt32BE(8) * 0x1_0000_0000 + this.scratch.readUInt32BE(12);
        if (size < LARGE_HEADER_SIZE) throw invalid(`box '${type}' has an invalid 64-bit size ${size}`);
      } else if (size === 0) {
        // "Extends to end of file" cannot be cut from a live pipe.
        throw invalid(`box '${type}' has size 0 (to end of file), not supported in a stream`);
      } else if (size < HEADER_SIZE) {
        throw invalid(`box '${type}' has an invalid size ${size}`);
      }
      if (size > this.maxBoxSize || this.cursor + size > this.maxBoxSize) {
        throw invalid(`box '${type}' of ${size} bytes exceeds the limit of ${this.maxBoxSize}`);
      }
      const end = this.cursor + size;
      if (this.pending < end) return;
      this.cursor = end;
      if (type === 'moov') {
        out.push({ kind: 'init', data: this.take(end) });
      } else if (type === 'moof') {
        this.sawMoof = true;
      } else if (type === 'mdat') {
        if (!this.sawMoof) throw invalid('mdat without a preceding moof: not a fragmented MP4');
        out.push({ kind: 'fragment', data: this.take(end) });
      } else if (type === 'ftyp' && this.cursor !== size) {
        // A new init starts (the producer restarted): drop whatever preceded it in the group.
        this.take(this.cursor - size);
      }
    }
  }

  /** Copies `length` bytes at group offset `offset` into the scratch buffer (they may straddle chunks). */
  private copyOut(offset: number, length: number): void {
    let written = 0;
    let base = 0;
    for (const chunk of this.chunks) {
      const next = base + chunk.length;
      if (next > offset + written) {
        const start = offset + written - base;
        const n = Math.min(chunk.length - start, length - written);
        chunk.copy(this.scratch, written, start, start + n);
        written += n;
        if (written === length) return;
      }
      base = next;
    }
  }

  /** Removes the first `length` bytes of the group as one Buffer (zero-copy when they sit in one chunk). */
  private take(length: number): Buffer {
    const first = this.chunks[0];
    let data: Buffer;
    if (first !== undefined && first.length >= length) {
      data = first.subarray(0, length);
      if (first.length === length) this.chunks.shift();
      else this.chunks[0] = first.subarray(length);
    } else {
      data = Buffer.allocUnsafe(length);
      let written = 0;
      while (written < length) {
        const chunk = this.chunks[0];
        if (chunk === undefined) throw invalid('internal: group longer than buffered data');
        const n = Math.min(chunk.length, length - written);
        chunk.copy(data, written, 0, n);
        written += n;
        if (n === chunk.length) this.chunks.shift();
        else this.chunks[0] = chunk.subarray(n);
      }
    }
    this.pending -= length;
    this.cursor -= length;
    this.sawMoof = false;
    return data;
  }
}

function isBoxType(header: Buffer): boolean {
  for (let i = 4; i < 8; i++) {
    const c = header[i] ?? 0;
    // Printable ASCII; '©' (0xa9) appears in some udta atoms but never at top level.
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

function invalid(message: string): VigilError {
  return new VigilError('VIGIL_VALIDATION', `fMP4 stream: ${message}`);
}
