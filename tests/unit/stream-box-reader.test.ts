// Box reader over real ffmpeg fMP4 fed in chunks of every awkward size, plus largesize, prefixes and garbage.
import { beforeAll, describe, expect, it } from 'vitest';
import { VigilError } from '../../src/shared/index.js';
import { BoxReader, type BoxGroup } from '../../src/stream/index.js';
import { makeFragmentedMp4 } from '../support/fmp4-fixtures.js';
import { tempDir } from '../support/temp-dir.js';

let file: Buffer;

beforeAll(() => {
  file = makeFragmentedMp4(tempDir(), { seconds: 4 });
});

function feed(reader: BoxReader, data: Buffer, sizes: (offset: number) => number): BoxGroup[] {
  const groups: BoxGroup[] = [];
  for (let offset = 0; offset < data.length;) {
    const size = Math.max(1, sizes(offset));
    groups.push(...reader.push(data.subarray(offset, offset + size)));
    offset += size;
  }
  return groups;
}

function box(type: string, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + payload.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, payload]);
}

function topLevel(data: Buffer): string[] {
  const types: string[] = [];
  for (let p = 0; p < data.length; p += data.readUInt32BE(p)) types.push(data.toString('latin1', p + 4, p + 8));
  return types;
}

let seed = 42;
function random(): number {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
}

describe('BoxReader on real ffmpeg output', () => {
  const chunkings: [string, (offset: number) => number][] = [
    ['1 byte', () => 1],
    ['7 bytes (header straddles)', () => 7],
    ['8 bytes', () => 8],
    ['188 bytes (TS-sized)', () => 188],
    ['4096 bytes', () => 4096],
    ['65536 bytes (pipe-sized)', () => 65536],
    ['random 1..10000', () => 1 + Math.floor(random() * 10000)],
    ['whole file', () => Number.MAX_SAFE_INTEGER],
  ];

  it.each(chunkings)('cuts init + 20 fragments with chunks of %s', (_name, sizes) => {
    const groups = feed(new BoxReader(), file, sizes);
    expect(groups.map((g) => g.kind)).toEqual(['init', ...Array<string>(20).fill('fragment')]);
    const [init, ...fragments] = groups;
    expect(topLevel(init!.data)).toEqual(['ftyp', 'moov']);
    for (const fragment of fragments) expect(topLevel(fragment.data)).toEqual(['moof', 'mdat']);
    // Everything but the trailing mfra (file-only index) comes out byte for byte, in order.
    const joined = Buffer.concat(groups.map((g) => g.data));
    expect(joined.equals(file.subarray(0, joined.length))).toBe(true);
    expect(topLevel(file.subarray(joined.length))).toEqual(['mfra']);
  });

  it('keeps buffered bytes bounded to the group in progress', () => {
    const reader = new BoxReader();
    const groups = feed(reader, file.subarray(0, file.length - 500), () => 3000);
    expect(groups.length).toBeGreaterThan(1);
    expect(reader.bufferedBytes).toBeLessThan(20_000);
  });
});

describe('BoxReader edge cases', () => {
  const ftyp = box('ftyp', Buffer.from('isom\0\0\0\0isom', 'latin1'));
  const moov = box('moov', box('mvhd', Buffer.alloc(100)));
  const moof = box('moof', box('mfhd', Buffer.alloc(8)));

  it('reads 64-bit largesize boxes', () => {
    const payload = Buffer.alloc(3000, 7);
    const header = Buffer.alloc(16);
    header.writeUInt32BE(1, 0);
    header.write('mdat', 4, 'latin1');
    header.writeUInt32BE(0, 8);
    header.writeUInt32BE(16 + payload.length, 12);
    const stream = Buffer.concat([ftyp, moov, moof, header, payload]);
    const groups = feed(new BoxReader(), stream, () => 5);
    expect(groups.map((g) => [g.kind, g.data.length])).toEqual([
      ['init', ftyp.length + moov.length],
      ['fragment', moof.length + 16 + payload.length],
    ]);
  });

  it('attaches styp/prft/sidx before a moof to that fragment', () => {
    const prefix = Buffer.concat([
      box('styp', Buffer.alloc(8)),
      box('prft', Buffer.alloc(16)),
      box('sidx', Buffer.alloc(24)),
    ]);
    const mdat = box('mdat', Buffer.alloc(50));
    const groups = new BoxReader().push(Buffer.concat([ftyp, moov, prefix, moof, mdat]));
    expect(groups[1]?.data.equals(Buffer.concat([prefix, moof, mdat]))).toBe(true);
  });

  it('emits a new init when the producer restarts mid-stream', () => {
    const mdat = box('mdat', Buffer.alloc(10));
    const groups = new BoxReader().push(Buffer.concat([ftyp, moov, moof, mdat, ftyp, moov, moof, mdat]));
    expect(groups.map((g) => g.kind)).toEqual(['init', 'fragment', 'init', 'fragment']);
  });

  it.each([
    ['random bytes', Buffer.from('this is not an mp4 file at all, just text')],
    ['box size below 8', Buffer.from([0, 0, 0, 4, 0x66, 0x74, 0x79, 0x70])],
    ['size 0 (to end of file)', Buffer.from([0, 0, 0, 0, 0x6d, 0x64, 0x61, 0x74])],
    ['mdat without moof', Buffer.concat([ftyp, moov, box('mdat', Buffer.alloc(4))])],
  ])('rejects %s with a VigilError', (_name, data) => {
    const reader = new BoxReader();
    expect(() => reader.push(data)).toThrow(VigilError);
    // The reader stays failed until reset.
    expect(() => reader.push(ftyp)).toThrow(VigilError);
    reader.reset();
    expect(reader.push(Buffer.concat([ftyp, moov]))).toHaveLength(1);
  });

  it('rejects a box larger than the bound before buffering it', () => {
    const header = Buffer.alloc(8);
    header.writeUInt32BE(100 * 1024 * 1024, 0);
    header.write('mdat', 4, 'latin1');
    const reader = new BoxReader({ maxBoxSize: 1024 * 1024 });
    reader.push(Buffer.concat([ftyp, moov, moof]));
    expect(() => reader.push(header)).toThrow(/exceeds the limit/);
  });
});
