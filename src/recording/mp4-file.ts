// Reads a recorded fMP4 file box by box (headers and moofs only, never the mdat payload): init, fragments, torn tail.
import { open, type FileHandle } from 'node:fs/promises';
import { parseFragment, parseInit, type InitSegment } from '../stream/index.js';

export interface FileFragment {
  /** Byte offset of the fragment's first box (moof) and its length through the end of its mdat. */
  readonly offset: number;
  readonly size: number;
  readonly decodeTime: number;
  readonly durationSeconds: number;
  readonly keyframe: boolean;
}

export interface FileScan {
  readonly fileSize: number;
  /** Length of ftyp+moov; 0 when the file has no complete init. */
  readonly initSize: number;
  readonly init: InitSegment | undefined;
  readonly fragments: readonly FileFragment[];
  /** End of the last complete moof+mdat (or of the init): everything after it is a torn write. */
  readonly validEnd: number;
  /** Media seconds from the first fragment's start to the last one's end (decode times, so gaps count). */
  readonly mediaSeconds: number;
}

const HEADER = 16;

/** Scans a recording. `initOnly` stops after the moov (what playback needs to split init from media). */
export async function scanRecordingFile(path: string, options: { initOnly?: boolean } = {}): Promise<FileScan> {
  const handle = await open(path, 'r');
  try {
    return await scan(handle, (await handle.stat()).size, options.initOnly ?? false);
  } finally {
    await handle.close();
  }
}

async function scan(handle: FileHandle, fileSize: number, initOnly: boolean): Promise<FileScan> {
  const header = Buffer.alloc(HEADER);
  const fragments: FileFragment[] = [];
  let init: InitSegment | undefined;
  let initSize = 0;
  let validEnd = 0;
  let moof: { offset: number; data: Buffer } | undefined;
  let offset = 0;
  while (offset + 8 <= fileSize) {
    const { bytesRead } = await handle.read(header, 0, Math.min(HEADER, fileSize - offset), offset);
    if (bytesRead < 8) break;
    let size = header.readUInt32BE(0);
    const type = header.toString('latin1', 4, 8);
    if (size === 1) {
      if (bytesRead < 16) break;
      size = header.readUInt32BE(8) * 0x1_0000_0000 + header.readUInt32BE(12);
    }
    // size 0 ("to end of file") or a box running past the end is the torn write of a crash.
    if (size < 8 || offset + size > fileSize) break;
    const end = offset + size;
    if (type === 'moov') {
      const data = await readAt(handle, 0, end);
      init = parseInit(data);
      initSize = end;
      validEnd = end;
      if (initOnly) break;
    } else if (type === 'moof' && init) {
      moof = { offset, data: await readAt(handle, offset, size) };
    } else if (type === 'mdat' && init && moof) {
      const fragment = parseFragment(moof.data, init, 0);
      fragments.push({
        offset: moof.offset,
        size: end - moof.offset,
        decodeTime: fragment.decodeTime / fragment.timescale,
        durationSeconds: fragment.durationSeconds,
        keyframe: fragment.keyframe,
      });
      moof = undefined;
      validEnd = end;
    }
    offset = end;
  }
  const first = fragments[0];
  const last = fragments[fragments.length - 1];
  const mediaSeconds = first && last ? last.decodeTime + last.durationSeconds - first.decodeTime : 0;
  return { fileSize, initSize, init, fragments, validEnd, mediaSeconds };
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return bytesRead === length ? buffer : buffer.subarray(0, bytesRead);
}
