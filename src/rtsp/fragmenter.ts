// Access units → fMP4 fragments like ffmpeg's frag_keyframe + 200 ms: a new fragment at every keyframe and when the
// fragment has reached its target length. A sample's duration is known when the next picture arrives, so a fragment
// is written when the picture that starts the next one arrives. One buffer per fragment, the payload copied once.
import type { Fragment } from '../stream/index.js';
import type { AccessUnit } from './access-units.js';
import { TIMESCALE, TRACK_ID } from './init-segment.js';

/** sample_depends_on = 2 (an I picture). */
const SYNC_SAMPLE_FLAGS = 0x02000000;
/** sample_depends_on = 1 and sample_is_non_sync_sample. */
const NON_SYNC_SAMPLE_FLAGS = 0x01010000;
/** trun: data-offset, sample duration, size and flags present; 0x800 adds composition offsets. */
const TRUN_FLAGS = 0x000701;
const TRUN_COMPOSITION_OFFSETS = 0x000800;
/** moof(8) + mfhd(16) + traf(8) + tfhd(16) + tfdt v1(20) + trun header(20). */
const MOOF_FIXED_BYTES = 8 + 16 + 8 + 16 + 20 + 20;

export interface FragmenterOptions {
  readonly emit: (fragment: Fragment) => void;
  /** Default 200 ms, ffmpeg's -frag_duration 200000. */
  readonly fragmentMs?: number;
  readonly now?: () => number;
}

export class Fragmenter {
  private readonly units: AccessUnit[] = [];
  private readonly durations: number[] = [];
  private readonly compositionOffsets: number[] = [];
  private readonly targetTicks: number;
  private readonly now: () => number;
  private startTime = 0;
  private lastTime = 0;
  private sequence = 0;

  constructor(private readonly options: FragmenterOptions) {
    this.targetTicks = ((options.fragmentMs ?? 200) * TIMESCALE) / 1000;
    this.now = options.now ?? Date.now;
  }

  /**
   * Adds a picture with its decode time (90 kHz, strictly increasing) and, with B-frames, its presentation minus decode
   * time; may emit the fragment it closes.
   */
  push(unit: AccessUnit, decodeTime: number, forceBoundary = false, compositionOffset = 0): void {
    if (this.units.length > 0) {
      this.durations.push(decodeTime - this.lastTime);
      if (forceBoundary || unit.keyframe || decodeTime - this.startTime >= this.targetTicks) this.flush();
    }
    if (this.units.length === 0) this.startTime = decodeTime;
    this.units.push(unit);
    this.compositionOffsets.push(compositionOffset);
    this.lastTime = decodeTime;
  }

  /** Drops what is pending (a new run starts over). */
  reset(): void {
    this.units.length = 0;
    this.durations.length = 0;
    this.compositionOffsets.length = 0;
    this.sequence = 0;
  }

  private flush(): void {
    const units = this.units;
    const count = units.length;
    let mdatBytes = 8;
    let duration = 0;
    for (let i = 0; i < count; i++) {
      mdatBytes += units[i]?.sampleSize ?? 0;
      duration += this.durations[i] ?? 0;
    }
    const offsets = this.compositionOffsets;
    const reordered = offsets.some((offset) => offset !== 0);
    const sampleBytes = reordered ? 16 : 12;
    const trunBytes = 20 + sampleBytes * count;
    const moofBytes = MOOF_FIXED_BYTES + sampleBytes * count;
    const data = Buffer.allocUnsafe(moofBytes + mdatBytes);
    const sequence = ++this.sequence;
    let p = writeHeader(data, 0, moofBytes, 'moof');
    p = writeHeader(data, p, 16, 'mfhd');
    p = data.writeUInt32BE(0, p);
    p = data.writeUInt32BE(sequence, p);
    p = writeHeader(data, p, moofBytes - 24, 'traf');
    p = writeHeader(data, p, 16, 'tfhd');
    p = data.writeUInt32BE(0x020000, p); // default-base-is-moof
    p = data.writeUInt32BE(TRACK_ID, p);
    p = writeHeader(data, p, 20, 'tfdt');
    p = data.writeUInt32BE(0x01000000, p); // version 1: a 64-bit decode time
    p = data.writeUInt32BE(Math.floor(this.startTime / 0x1_0000_0000), p);
    p = data.writeUInt32BE(this.startTime >>> 0, p);
    p = writeHeader(data, p, trunBytes, 'trun');
    // Version 1: signed composition offsets, as ffmpeg writes them.
    p = data.writeUInt32BE(reordered ? 0x01000000 | TRUN_FLAGS | TRUN_COMPOSITION_OFFSETS : TRUN_FLAGS, p);
    p = data.writeUInt32BE(count, p);
    p = data.writeUInt32BE(moofBytes + 8, p); // data offset: from the moof to the first sample
    for (let i = 0; i < count; i++) {
      const unit = units[i];
      p = data.writeUInt32BE(this.durations[i] ?? 0, p);
      p = data.writeUInt32BE(unit?.sampleSize ?? 0, p);
      p = data.writeUInt32BE(unit?.keyframe ? SYNC_SAMPLE_FLAGS : NON_SYNC_SAMPLE_FLAGS, p);
      if (reordered) p = data.writeInt32BE(offsets[i] ?? 0, p);
    }
    p = writeHeader(data, p, mdatBytes, 'mdat');
    for (const unit of units) {
      for (const nal of unit.nals) {
        p = data.writeUInt32BE(nal.size, p);
        for (const part of nal.parts) p += part.copy(data, p);
      }
    }
    const fragment: Fragment = {
      data,
      sequence,
      trackId: TRACK_ID,
      decodeTime: this.startTime,
      duration,
      durationSeconds: duration / TIMESCALE,
      timescale: TIMESCALE,
      keyframe: units[0]?.keyframe ?? false,
      sampleCount: count,
      byteLength: data.length,
      receivedAt: this.now(),
    };
    // The pending picture (the one that closed this fragment) is pushed by the caller after this returns.
    units.length = 0;
    this.durations.length = 0;
    offsets.length = 0;
    this.options.emit(fragment);
  }
}

function writeHeader(data: Buffer, offset: number, size: number, type: string): number {
  data.writeUInt32BE(size, offset);
  data.write(type, offset + 4, 'latin1');
  return offset + 8;
}
