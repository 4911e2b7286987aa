// Serving recorded bytes: a whole file (with HTTP Range), or its init and media halves for HLS.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Response } from 'express';
import { resolveRecordingPath, scanRecordingFile } from '../recording/index.js';
import type { RecordingFileInfo } from './catalog.js';

export const MP4_TYPE = 'video/mp4';
const CLOSED_CACHE = 'private, max-age=86400';

/** Init sizes by recording id: one small read per file, then none (a file's init never changes). */
export class InitSizeCache {
  private readonly sizes = new Map<number, number>();

  constructor(private readonly capacity = 20_000) {}

  async get(file: RecordingFileInfo, fullPath: string): Promise<number> {
    const known = this.sizes.get(file.id);
    if (known !== undefined) return known;
    const scan = await scanRecordingFile(fullPath, { initOnly: true });
    if (this.sizes.size >= this.capacity) {
      const oldest = this.sizes.keys().next();
      if (!oldest.done) this.sizes.delete(oldest.value);
    }
    this.sizes.set(file.id, scan.initSize);
    return scan.initSize;
  }
}

export function sendWholeFile(res: Response, dataDir: string, file: RecordingFileInfo): Promise<void> {
  const full = resolveRecordingPath(dataDir, file.path);
  return new Promise((resolve, reject) => {
    res.sendFile(
      full,
      {
        acceptRanges: true,
        etag: false,
        headers: { 'Content-Type': MP4_TYPE, 'Cache-Control': file.open ? 'no-cache' : CLOSED_CACHE },
      },
      (error) => (error && !res.headersSent ? reject(error) : resolve()),
    );
  });
}

export type FilePart = 'file' | 'init' | 'media';

/**
 * Bytes [start, stop) of a part of a recording: the whole file, its init (ftyp+moov) or its media (the fragments).
 * An open file ends where the index says it is flushed. Empty when the file has no init yet.
 */
export async function partBounds(
  full: string,
  file: RecordingFileInfo,
  part: FilePart,
  inits: InitSizeCache,
): Promise<{ start: number; stop: number }> {
  const end = file.open ? file.bytes : (await stat(full)).size;
  if (part === 'file') return { start: 0, stop: end };
  const initSize = await inits.get(file, full);
  if (initSize === 0) return { start: 0, stop: 0 };
  return part === 'init' ? { start: 0, stop: initSize } : { start: initSize, stop: end };
}

/** Sends bytes [start, end) of a recording; for an open file `end` is what the index says is flushed. */
export async function sendSlice(
  res: Response,
  dataDir: string,
  file: RecordingFileInfo,
  part: 'init' | 'media',
  inits: InitSizeCache,
): Promise<void> {
  const full = resolveRecordingPath(dataDir, file.path);
  const { start, stop } = await partBounds(full, file, part, inits);
  if (stop <= start) return void res.status(404).end();
  res.status(200).set({
    'Content-Type': MP4_TYPE,
    'Content-Length': String(stop - start),
    'Cache-Control': file.open ? 'no-cache' : CLOSED_CACHE,
  });
  await new Promise<void>((resolve, reject) => {
    const body = createReadStream(full, { start, end: stop - 1 });
    body.on('error', reject);
    res.on('close', () => {
      body.destroy();
      resolve();
    });
    body.pipe(res);
  });
}
