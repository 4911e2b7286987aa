// The native engine against a scripted camera: new parameter sets in-band, garbage on the wire, a rejected password,
// keep-alive at half the session timeout, TEARDOWN on stop, and Content-Base for the track's control URL.
import { describe, expect, it } from 'vitest';
import { RtspIngest, type RtspFailure } from '../../src/rtsp/index.js';
import { parameterSets } from '../../src/simulator/annexb.js';
import type { Fragment, InitSegment } from '../../src/stream/index.js';
import { waitFor } from '../support/processes.js';
import { encodedUnits, startScriptedCamera } from '../support/scripted-rtsp-camera.js';

const small = encodedUnits('320x240', 10);
const large = encodedUnits('640x360', 10);
const smallSets = parameterSets(small[0]!);
if (!smallSets) throw new Error('no parameter sets in the encoded stream');

function ingestOf(url: string, credentials?: { username: string; password: string }) {
  const got = {
    inits: [] as InitSegment[],
    fragments: [] as Fragment[],
    failure: undefined as RtspFailure | undefined,
  };
  const ingest = new RtspIngest({
    url,
    credentials,
    timeoutMs: 3_000,
    sink: { pushInit: (init) => got.inits.push(init), pushFragment: (f) => got.fragments.push(f) },
    onEnd: (failure) => (got.failure = failure),
  });
  ingest.start();
  return { ingest, got };
}

describe('native engine protocol', () => {
  it('pushes a new init segment when in-band parameter sets change, and TEARDOWN on stop', async () => {
    const camera = await startScriptedCamera({ ...smallSets });
    try {
      const { ingest, got } = ingestOf(camera.url);
      const socket = await camera.playing();
      camera.sendUnits(socket, [...small, ...large, ...small.slice(0, 1)], 1_000);
      await waitFor(() => got.inits.length >= 3 && got.fragments.length >= 4, 5_000, 'three inits');
      expect(got.inits.map((init) => `${init.width}x${init.height}`)).toEqual(['320x240', '640x360', '320x240']);
      expect(got.fragments.every((f) => f.sampleCount > 0)).toBe(true);
      ingest.stop();
      await waitFor(() => camera.requests.some((r) => r.method === 'TEARDOWN'), 2_000, 'TEARDOWN');
      expect(camera.requests.map((r) => r.method)).toEqual(['OPTIONS', 'DESCRIBE', 'SETUP', 'PLAY', 'TEARDOWN']);
      // The track's control URL is resolved against Content-Base.
      expect(camera.requests[2]?.uri).toBe(`${camera.url}/track1`);
    } finally {
      await camera.close();
    }
  });

  it('waits out an unreadable SPS in the SDP and takes the one in the stream', async () => {
    const camera = await startScriptedCamera({ sps: Buffer.from([0x67, 0x42, 0xc0, 0x0d]), pps: smallSets.pps });
    try {
      const { ingest, got } = ingestOf(camera.url);
      camera.sendUnits(await camera.playing(), small, 0);
      await waitFor(() => got.fragments.length >= 1, 5_000, 'a fragment');
      expect(got.inits.map((init) => `${init.width}x${init.height}`)).toEqual(['320x240']);
      expect(got.failure).toBeUndefined();
      ingest.stop();
    } finally {
      await camera.close();
    }
  });

  it('fails with a clear reason on garbage after PLAY', async () => {
    const camera = await startScriptedCamera({ ...smallSets });
    try {
      const { got } = ingestOf(camera.url);
      const socket = await camera.playing();
      socket.write(Buffer.from([0x00, 0xff, 0x10, 0x20]));
      await waitFor(() => got.failure !== undefined, 3_000, 'failure');
      expect(got.failure?.reason.code).toBe('exited');
      expect(got.failure?.message).toMatch(/malformed data from the camera: unexpected byte 0x00/);
    } finally {
      await camera.close();
    }
  });

  it('sends RTCP receiver reports on the odd channel about the camera’s stream', async () => {
    const camera = await startScriptedCamera({ ...smallSets });
    try {
      const ingest = new RtspIngest({
        url: camera.url,
        receiverReportMs: 100,
        sink: { pushInit: () => undefined, pushFragment: () => undefined },
        onEnd: () => undefined,
      });
      ingest.start();
      camera.sendUnits(await camera.playing(), small, 0);
      await waitFor(() => camera.frames.length > 0, 2_000, 'a receiver report');
      const report = camera.frames[0]!;
      expect(report.channel).toBe(1);
      expect(report.data[1]).toBe(201);
      expect(report.data.readUInt32BE(8)).toBe(1); // the scripted camera's SSRC
      ingest.stop();
    } finally {
      await camera.close();
    }
  });

  it('sends GET_PARAMETER at half the session timeout', async () => {
    const camera = await startScriptedCamera({ ...smallSets, sessionTimeout: 2 });
    try {
      const { ingest } = ingestOf(camera.url);
      await camera.playing();
      const took = await waitFor(() => camera.requests.some((r) => r.method === 'GET_PARAMETER'), 3_000, 'keep-alive');
      expect(took).toBeGreaterThan(500);
      ingest.stop();
    } finally {
      await camera.close();
    }
  });

  it('keeps playing when the camera refuses a keep-alive it listed (501), and says so in its log', async () => {
    const camera = await startScriptedCamera({
      ...smallSets,
      sessionTimeout: 2,
      refuse: { method: 'GET_PARAMETER', times: 5, status: 501 },
    });
    try {
      const log: string[] = [];
      let failure: RtspFailure | undefined;
      const ingest = new RtspIngest({
        url: camera.url,
        timeoutMs: 3_000,
        sink: { pushInit: () => undefined, pushFragment: () => undefined },
        onEnd: (f) => (failure = f),
        log: (line) => log.push(line),
      });
      ingest.start();
      await waitFor(
        () => log.some((line) => line.startsWith('keep-alive refused: GET_PARAMETER answered 501')),
        3_000,
        'refusal',
      );
      expect(failure).toBeUndefined();
      ingest.stop();
    } finally {
      await camera.close();
    }
  });

  it.each([
    ['Basic', 'Basic realm="cam"'],
    ['Digest', 'Digest realm="cam", nonce="abc123", qop="auth"'],
  ])('%s refused twice: authentication failed, the password never in the reason', async (_scheme, challenge) => {
    const camera = await startScriptedCamera({
      ...smallSets,
      refuse: { method: 'DESCRIBE', times: 2, status: 401, headers: { 'WWW-Authenticate': challenge } },
    });
    try {
      const { got } = ingestOf(camera.url, { username: 'admin', password: 'hunter22' });
      await waitFor(() => got.failure !== undefined, 3_000, 'failure');
      expect(got.failure?.reason.code).toBe('auth_failed');
      expect(JSON.stringify(got.failure?.reason)).not.toContain('hunter22');
      const authorization = camera.requests[2]?.headers.get('authorization') ?? '';
      expect(authorization.startsWith(challenge.split(' ')[0]!)).toBe(true);
      if (challenge.startsWith('Digest')) expect(authorization).toMatch(/qop=auth, nc=00000001, cnonce="/);
    } finally {
      await camera.close();
    }
  });
});
