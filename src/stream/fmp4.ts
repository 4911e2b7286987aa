// fMP4 parsing: track facts from the init segment (ftyp+moov), timing and keyframe facts from each moof.
import { VigilError } from '../shared/index.js';
import { codecString } from './codec.js';

export type TrackKind = 'video' | 'audio' | 'other';

export interface TrackInfo {
  readonly id: number;
  readonly kind: TrackKind;
  readonly timescale: number;
  /** RFC 6381 codec string, e.g. `avc1.64001f`, `hvc1.1.6.L93.B0`, `mp4a.40.2`; the sample entry type if unknown. */
  readonly codec: string;
  readonly width: number;
  readonly height: number;
  /** Defaults from moov/mvex/trex, used when a fragment does not carry its own. */
  readonly defaultSampleDuration: number;
  readonly defaultSampleFlags: number;
}

export interface InitSegment {
  readonly data: Buffer;
  readonly tracks: readonly TrackInfo[];
  readonly videoTrackId: number;
  /** Timescale of the video track (ticks per second). */
  readonly timescale: number;
  readonly codec: string;
  readonly width: number;
  readonly height: number;
  /** H.265: most browsers cannot play it, so the console must say so. */
  readonly hevc: boolean;
}

export interface Fragment {
  readonly data: Buffer;
  /** mfhd sequence number as written by the producer (restarts when ffmpeg restarts). */
  readonly sequence: number;
  readonly trackId: number;
  /** baseMediaDecodeTime of the video track, in timescale units. */
  readonly decodeTime: number;
  /** Sum of the video samples' durations, in timescale units. */
  readonly duration: number;
  readonly durationSeconds: number;
  readonly timescale: number;
  /** The first video sample is a sync sample: a decoder can start here. */
  readonly keyframe: boolean;
  readonly sampleCount: number;
  readonly byteLength: number;
  /** Wall-clock ms when the fragment was read; its last sample ends at about this time. */
  readonly receivedAt: number;
}

interface TrafFacts {
  trackId: number;
  decodeTime: number;
  duration: number;
  sampleCount: number;
  firstSampleFlags: number | undefined;
}

const TRAK_PATH = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'mvex']);

/** Parses an init segment (ftyp+moov). Throws VigilError when it holds no track. */
export function parseInit(data: Buffer): InitSegment {
  const moov = findBox(data, 0, data.length, 'moov');
  if (!moov) throw invalid('init segment has no moov');
  const trex = new Map<number, { duration: number; flags: number }>();
  const mvex = findBox(data, moov.start, moov.end, 'mvex');
  if (mvex) {
    forEachBox(data, mvex.start, mvex.end, (type, start) => {
      if (type !== 'trex') return;
      // trex: fullbox(4) track_ID(4) default_sample_description_index(4) duration(4) size(4) flags(4)
      trex.set(data.readUInt32BE(start + 4), {
        duration: data.readUInt32BE(start + 12),
        flags: data.readUInt32BE(start + 20),
      });
    });
  }
  const tracks: TrackInfo[] = [];
  forEachBox(data, moov.start, moov.end, (type, start, end) => {
    if (type === 'trak') tracks.push(parseTrak(data, start, end, trex));
  });
  if (tracks.length === 0) throw invalid('init segment has no track');
  const video = tracks.find((t) => t.kind === 'video') ?? tracks[0];
  if (!video) throw invalid('init segment has no track');
  return {
    data,
    tracks,
    videoTrackId: video.id,
    timescale: video.timescale,
    codec: video.codec,
    width: video.width,
    height: video.height,
    hevc: video.codec.startsWith('hvc1') || video.codec.startsWith('hev1'),
  };
}

function parseTrak(
  data: Buffer,
  start: number,
  end: number,
  trex: Map<number, { duration: number; flags: number }>,
): TrackInfo {
  let id = 0;
  let width = 0;
  let height = 0;
  let timescale = 0;
  let kind: TrackKind = 'other';
  let codec = '';
  const visit = (from: number, to: number): void => {
    forEachBox(data, from, to, (type, s, e) => {
      if (type === 'tkhd') {
        const v1 = data[s] === 1;
        id = data.readUInt32BE(s + (v1 ? 20 : 12));
        // width/height are the last two 16.16 fixed-point fields of tkhd.
        width = data.readUInt32BE(e - 8) >>> 16;
        height = data.readUInt32BE(e - 4) >>> 16;
      } else if (type === 'mdhd') {
        timescale = data.readUInt32BE(s + (data[s] === 1 ? 20 : 12));
      } else if (type === 'hdlr') {
        const handler = data.toString('latin1', s + 8, s + 12);
        kind = handler === 'vide' ? 'video' : handler === 'soun' ? 'audio' : 'other';
      } else if (type === 'stsd') {
        const entry = readHeader(data, s + 8, e);
        if (entry) {
          const info = codecString(data, entry.type, entry.start, entry.end);
          codec = info.codec;
          if (info.width > 0 && width === 0) width = info.width;
          if (info.height > 0 && height === 0) height = info.height;
        }
      } else if (TRAK_PATH.has(type)) {
        visit(s, e);
      }
    });
  };
  visit(start, end);
  const defaults = trex.get(id);
  return {
    id,
    kind,
    timescale: timescale || 90_000,
    codec,
    width,
    height,
    defaultSampleDuration: defaults?.duration ?? 0,
    defaultSampleFlags: defaults?.flags ?? 0,
  };
}

/**
 * Parses the moof of one fragment for the init's video track. Only the moof is walked, never the mdat,
 * so the cost does not grow with the bitrate.
 */
export function parseFragment(data: Buffer, init: InitSegment, receivedAt: number): Fragment {
  const moof = findBox(data, 0, data.length, 'moof');
  if (!moof) throw invalid('fragment has no moof');
  let sequence = 0;
  let facts: TrafFacts | undefined;
  forEachBox(data, moof.start, moof.end, (type, start, end) => {
    if (type === 'mfhd') sequence = data.readUInt32BE(start + 4);
    else if (type === 'traf' && !facts) {
      const traf = parseTraf(data, start, end, init);
      if (traf.trackId === init.videoTrackId) facts = traf;
    }
  });
  if (!facts) throw invalid(`fragment ${sequence} has no traf for track ${init.videoTrackId}`);
  const track = init.tracks.find((t) => t.id === facts?.trackId);
  const flags = facts.firstSampleFlags ?? track?.defaultSampleFlags ?? 0;
  return {
    data,
    sequence,
    trackId: facts.trackId,
    decodeTime: facts.decodeTime,
    duration: facts.duration,
    durationSeconds: facts.duration / init.timescale,
    timescale: init.timescale,
    keyframe: isSyncSample(flags),
    sampleCount: facts.sampleCount,
    byteLength: data.length,
    receivedAt,
  };
}

/** sample_depends_on == 2 (depends on no other sample) or sample_is_non_sync_sample clear. */
export function isSyncSample(flags: number): boolean {
  return ((flags >>> 24) & 0x3) === 2 || ((flags >>> 16) & 0x1) === 0;
}

function parseTraf(data: Buffer, start: number, end: number, init: InitSegment): TrafFacts {
  const facts: TrafFacts = { trackId: 0, decodeTime: 0, duration: 0, sampleCount: 0, firstSampleFlags: undefined };
  let defaultDuration: number | undefined;
  let defaultFlags: number | undefined;
  forEachBox(data, start, end, (type, s, e) => {
    if (type === 'tfhd') {
      const flags = data.readUInt32BE(s) & 0xffffff;
      facts.trackId = data.readUInt32BE(s + 4);
      let p = s + 8;
      if (flags & 0x01) p += 8; // base-data-offset
      if (flags & 0x02) p += 4; // sample-description-index
      if (flags & 0x08) {
        defaultDuration = data.readUInt32BE(p);
        p += 4;
      }
      if (flags & 0x10) p += 4; // default-sample-size
      if (flags & 0x20) defaultFlags = data.readUInt32BE(p);
    } else if (type === 'tfdt') {
      facts.decodeTime = data[s] === 1 ? readUInt64(data, s + 4) : data.readUInt32BE(s + 4);
    } else if (type === 'trun') {
      const track = init.tracks.find((t) => t.id === facts.trackId);
      readTrun(data, s, e, facts, defaultDuration ?? track?.defaultSampleDuration ?? 0, defaultFlags);
    }
  });
  if (facts.firstSampleFlags === undefined && defaultFlags !== undefined) facts.firstSampleFlags = defaultFlags;
  return facts;
}

function readTrun(
  data: Buffer,
  s: number,
  e: number,
  facts: TrafFacts,
  defaultDuration: number,
  defaultFlags: number | undefined,
): void {
  const flags = data.readUInt32BE(s) & 0xffffff;
  const count = data.readUInt32BE(s + 4);
  let p = s + 8;
  if (flags & 0x01) p += 4; // data-offset
  let firstFlags: number | undefined;
  if (flags & 0x04) {
    firstFlags = data.readUInt32BE(p);
    p += 4;
  }
  const hasDuration = (flags & 0x100) !== 0;
  const hasSize = (flags & 0x200) !== 0;
  const hasFlags = (flags & 0x400) !== 0;
  const hasCto = (flags & 0x800) !== 0;
  const stride = 4 * (Number(hasDuration) + Number(hasSize) + Number(hasFlags) + Number(hasCto));
  if (p + stride * count > e) throw invalid(`trun declares ${count} samples but is too short`);
  if (hasDuration) {
    let sum = 0;
    for (let i = 0, q = p; i < count; i++, q += stride) sum += data.readUInt32BE(q);
    facts.duration += sum;
  } else {
    facts.duration += defaultDuration * count;
  }
  if (facts.sampleCount === 0 && count > 0) {
    if (firstFlags !== undefined) facts.firstSampleFlags = firstFlags;
    else if (hasFlags) facts.firstSampleFlags = data.readUInt32BE(p + 4 * (Number(hasDuration) + Number(hasSize)));
    else if (defaultFlags !== undefined) facts.firstSampleFlags = defaultFlags;
  }
  facts.sampleCount += count;
}

interface BoxSpan {
  readonly type: string;
  /** Offset of the payload (after the header). */
  readonly start: number;
  readonly end: number;
}

/** Reads the box header at `offset`; undefined when it does not fit before `limit`. */
export function readHeader(data: Buffer, offset: number, limit: number): BoxSpan | undefined {
  if (offset + 8 > limit) return undefined;
  let size = data.readUInt32BE(offset);
  let header = 8;
  if (size === 1) {
    if (offset + 16 > limit) return undefined;
    size = readUInt64(data, offset + 8);
    header = 16;
  } else if (size === 0) {
    size = limit - offset;
  }
  if (size < header || offset + size > limit) return undefined;
  return { type: data.toString('latin1', offset + 4, offset + 8), start: offset + header, end: offset + size };
}

export function forEachBox(
  data: Buffer,
  from: number,
  to: number,
  visit: (type: string, start: number, end: number) => void,
): void {
  let offset = from;
  for (;;) {
    const box = readHeader(data, offset, to);
    if (!box) return;
    visit(box.type, box.start, box.end);
    offset = box.end;
  }
}

function findBox(data: Buffer, from: number, to: number, type: string): BoxSpan | undefined {
  let offset = from;
  for (;;) {
    const box = readHeader(data, offset, to);
    if (!box || box.type === type) return box;
    offset = box.end;
  }
}

function readUInt64(data: Buffer, offset: number): number {
  // Exact up to 2^53: decode times in ticks stay far below that for centuries.
  return data.readUInt32BE(offset) * 0x1_0000_0000 + data.readUInt32BE(offset + 4);
}

function invalid(message: string): VigilError {
  return new VigilError('VIGIL_VALIDATION', `fMP4: ${message}`);
}
