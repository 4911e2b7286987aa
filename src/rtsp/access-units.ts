// RTP packets → access units: one picture per RTP timestamp, ended by the marker bit; the 32-bit timestamp unwrapped;
// a lost packet drops its picture and every one after it until the next keyframe; parameter sets kept apart.
import type { CodecRules, ParameterSetKind } from './codec-rules.js';
import type { Depacketizer, NalUnit } from './depacketizer.js';

export interface AccessUnit {
  /** The picture's NAL units, parameter sets and delimiters left out. */
  readonly nals: NalUnit[];
  /** Bytes in an mdat: every NAL unit with its 4-byte length. */
  readonly sampleSize: number;
  /** Presentation time in RTP clock units, counted from the first picture (unwrapped past 2^32). */
  readonly time: number;
  readonly keyframe: boolean;
  /** Parameter sets carried in this picture, contiguous, by kind (the last of each kind). */
  readonly parameterSets: ReadonlyMap<ParameterSetKind, Buffer> | undefined;
}

export interface AccessUnitStats {
  packets: number;
  lostPackets: number;
  droppedUnits: number;
}

/** A picture that grows past this is no camera's: the run fails rather than hold memory. */
export const MAX_ACCESS_UNIT_BYTES = 16 * 1024 * 1024;

export class AccessUnitError extends Error {}

export class AccessUnitAssembler {
  readonly stats: AccessUnitStats = { packets: 0, lostPackets: 0, droppedUnits: 0 };
  private nals: NalUnit[] = [];
  private bytes = 0;
  private currentTimestamp = 0;
  private hasCurrent = false;
  private broken = false;
  private waitingForKeyframe = true;
  private expectedSequence = -1;
  private lastTimestamp = 0;
  private unwrapped = 0;
  private started = false;
  private carriedSets: ReadonlyMap<ParameterSetKind, Buffer> | undefined;

  constructor(
    private readonly rules: CodecRules,
    private readonly depacketizer: Depacketizer,
    private readonly emit: (unit: AccessUnit) => void,
  ) {}

  /** One RTP packet (RFC 3550 header included); false when it is no RTP packet of this payload type (ignored). */
  push(packet: Buffer, payloadType: number): boolean {
    if (packet.length < 12 || (packet[0] ?? 0) >>> 6 !== 2) return false;
    if (((packet[1] ?? 0) & 0x7f) !== payloadType) return false;
    this.stats.packets++;
    const sequence = packet.readUInt16BE(2);
    const timestamp = packet.readUInt32BE(4);
    const marker = ((packet[1] ?? 0) & 0x80) !== 0;
    if (this.expectedSequence >= 0 && sequence !== this.expectedSequence) this.onLoss(sequence);
    this.expectedSequence = (sequence + 1) & 0xffff;
    if (this.hasCurrent && timestamp !== this.currentTimestamp) this.finish(); // its marker packet was lost
    if (!this.hasCurrent) {
      this.hasCurrent = true;
      this.currentTimestamp = timestamp;
    }
    const payload = rtpPayload(packet);
    this.bytes += packet.length;
    if (this.bytes > MAX_ACCESS_UNIT_BYTES) {
      throw new AccessUnitError(`a picture grew past the ${MAX_ACCESS_UNIT_BYTES}-byte limit`);
    }
    if (!payload || !this.depacketizer.push(payload, this.nals)) {
      this.broken = true;
      this.depacketizer.reset();
    }
    if (marker) this.finish();
    return true;
  }

  private onLoss(sequence: number): void {
    this.stats.lostPackets += (sequence - this.expectedSequence) & 0xffff;
    this.broken = true;
    this.waitingForKeyframe = true;
    this.depacketizer.reset();
  }

  private finish(): void {
    const nals = this.nals;
    const timestamp = this.currentTimestamp;
    const broken = this.broken;
    this.nals = [];
    this.bytes = 0;
    this.hasCurrent = false;
    this.broken = false;
    if (broken || nals.length === 0) {
      this.stats.droppedUnits++;
      this.waitingForKeyframe = true;
      return;
    }
    const unit = this.build(nals, timestamp);
    if (unit.nals.length === 0) {
      // Parameter sets sent as a picture of their own (same timestamp, own marker): they belong to the next one.
      this.carriedSets = unit.parameterSets;
      return;
    }
    if (this.waitingForKeyframe && !unit.keyframe) {
      this.stats.droppedUnits++;
      return;
    }
    this.waitingForKeyframe = false;
    this.emit(unit);
  }

  private build(nals: NalUnit[], timestamp: number): AccessUnit {
    const rules = this.rules;
    const kept: NalUnit[] = [];
    let keyframe = false;
    let sampleSize = 0;
    let parameterSets: Map<ParameterSetKind, Buffer> | undefined = this.carriedSets
      ? new Map(this.carriedSets)
      : undefined;
    this.carriedSets = undefined;
    for (const nal of nals) {
      const type = rules.nalType(nal.parts[0]?.[0] ?? 0);
      const kind = rules.parameterSet(type);
      if (kind) {
        parameterSets ??= new Map();
        parameterSets.set(kind, nal.parts.length === 1 && nal.parts[0] ? nal.parts[0] : Buffer.concat(nal.parts));
        continue;
      }
      if (rules.isDelimiter(type)) continue;
      if (rules.isKeyframe(type)) keyframe = true;
      kept.push(nal);
      sampleSize += 4 + nal.size;
    }
    return { nals: kept, sampleSize, time: this.unwrap(timestamp), keyframe, parameterSets };
  }

  /** RTP timestamps wrap at 2^32; the signed 32-bit difference to the previous one carries across the wrap. */
  private unwrap(timestamp: number): number {
    if (!this.started) {
      this.started = true;
      this.lastTimestamp = timestamp;
      return 0;
    }
    this.unwrapped += (timestamp - this.lastTimestamp) | 0;
    this.lastTimestamp = timestamp;
    return this.unwrapped;
  }
}

/** The payload after the fixed header, CSRCs and extension, without padding; undefined when malformed. */
export function rtpPayload(packet: Buffer): Buffer | undefined {
  const first = packet[0] ?? 0;
  let offset = 12 + 4 * (first & 0x0f);
  if (first & 0x10) {
    if (offset + 4 > packet.length) return undefined;
    offset += 4 + 4 * packet.readUInt16BE(offset + 2);
  }
  let end = packet.length;
  if (first & 0x20) end -= packet[packet.length - 1] ?? 0;
  return offset < end ? packet.subarray(offset, end) : undefined;
}
