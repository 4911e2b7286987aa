// Annex-B splitting and access-unit grouping, including start codes split across pipe chunks.
import { describe, expect, it } from 'vitest';
import { AccessUnitAssembler, AnnexBSplitter, splitAccessUnits, splitAnnexB } from '../../src/simulator/annexb.js';

const sc4 = Buffer.from([0, 0, 0, 1]);
const sc3 = Buffer.from([0, 0, 1]);
const aud = Buffer.from([0x09, 0xf0]);
const sps = Buffer.from([0x67, 0x4d, 0x40, 0x1e, 0xaa]);
const pps = Buffer.from([0x68, 0xee, 0x3c, 0x80]);
const idr = Buffer.from([0x65, 0x88, 0x84, 0x00, 0x21]); // first_mb_in_slice = 0 (first bit 1)
const pSlice = Buffer.from([0x41, 0x9a, 0x02, 0x03]);
const pSlice2 = Buffer.from([0x41, 0x9b, 0x04]);

/** Two frames as x264 writes them with aud=1: AUD SPS PPS IDR | AUD P. */
const stream = Buffer.concat([sc4, aud, sc4, sps, sc4, pps, sc3, idr, sc4, aud, sc3, pSlice]);

describe('Annex-B splitting', () => {
  it('splits 3- and 4-byte start codes into NAL units', () => {
    expect(splitAnnexB(stream)).toEqual([aud, sps, pps, idr, aud, pSlice]);
  });

  it.each([1, 2, 3, 5, 7, 1000])('gives the same NALs when fed in chunks of %i bytes', (size) => {
    const splitter = new AnnexBSplitter();
    const out: Buffer[] = [];
    for (let i = 0; i < stream.length; i += size) out.push(...splitter.push(stream.subarray(i, i + size)));
    out.push(...splitter.flush());
    expect(out).toEqual([aud, sps, pps, idr, aud, pSlice]);
  });

  it('groups access units at AUDs and drops the AUDs', () => {
    const units = splitAccessUnits(stream);
    expect(units).toHaveLength(2);
    expect(units[0]).toEqual({ nals: [sps, pps, idr], keyframe: true });
    expect(units[1]).toEqual({ nals: [pSlice], keyframe: false });
  });

  it('finds access-unit boundaries without AUDs (parameter sets or a new first slice)', () => {
    const assembler = new AccessUnitAssembler();
    const done = [sps, pps, idr, pSlice, pSlice2].map((n) => assembler.push(n)).filter((u) => u !== undefined);
    expect(done.map((u) => u.nals.length)).toEqual([3, 1]);
    expect(assembler.flush()?.nals).toEqual([pSlice2]);
  });
});
