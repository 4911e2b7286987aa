// A minimal ustar writer: a folder of regular files streamed as one .tar (no compression: MP4 and JPEG do not shrink).
import { createReadStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { once } from 'node:events';

const BLOCK = 512;

/** Writes `value` as a NUL-terminated octal number of `width` bytes. */
function octal(header: Buffer, offset: number, width: number, value: number): void {
  header.write(value.toString(8).padStart(width - 1, '0'), offset, width - 1, 'ascii');
}

/** The 512-byte ustar header of a regular file; names up to 100 bytes, or 255 split at a '/' into the prefix. */
export function tarHeader(name: string, size: number, mtimeMs: number): Buffer {
  const header = Buffer.alloc(BLOCK);
  let prefix = '';
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 155);
    if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100) throw new Error(`tar: name too long: ${name}`);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  header.write(base, 0, 100, 'utf8');
  octal(header, 100, 8, 0o644);
  octal(header, 108, 8, 0);
  octal(header, 116, 8, 0);
  octal(header, 124, 12, size);
  octal(header, 136, 12, Math.floor(mtimeMs / 1000));
  header.fill(' ', 148, 156); // the checksum is computed with its own field as spaces
  header.write('0', 156, 1, 'ascii');
  header.write('ustar\u000000', 257, 8, 'ascii');
  header.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'ascii');
  return header;
}

/** Streams the files (relative name, full path, size) into `out` as a tar archive, honouring back-pressure. */
export async function writeTar(
  out: Writable,
  files: ReadonlyArray<{ name: string; path: string; size: number; mtimeMs: number }>,
): Promise<void> {
  const write = async (chunk: Buffer): Promise<void> => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  for (const file of files) {
    await write(tarHeader(file.name, file.size, file.mtimeMs));
    for await (const chunk of createReadStream(file.path)) await write(chunk as Buffer);
    const pad = (BLOCK - (file.size % BLOCK)) % BLOCK;
    if (pad > 0) await write(Buffer.alloc(pad));
  }
  await write(Buffer.alloc(BLOCK * 2));
}
