// SDP for H.264 (RFC 6184 fmtp) and Digest authentication (RFC 2617's worked example).
import { describe, expect, it } from 'vitest';
import { computeDigestResponse, parseDigestHeader } from '../../src/shared/digest.js';
import { NonceIssuer, verifyDigest } from '../../src/simulator/digest-auth.js';
import { buildH264Sdp, profileLevelId } from '../../src/simulator/sdp.js';

describe('SDP', () => {
  const sps = Buffer.from('Z00AHpWoKA9puAgICBA=', 'base64');
  const pps = Buffer.from('aO48gA==', 'base64');

  it('describes one H.264 track with parameter sets and controls', () => {
    const sdp = buildH264Sdp({
      sessionName: 'Camera 01 main',
      address: '127.0.0.1',
      sps,
      pps,
      trackControl: 'trackID=0',
      fps: 25,
    });
    expect(profileLevelId(sps)).toBe('4D001E');
    const lines = sdp.split('\r\n');
    expect(lines[0]).toBe('v=0');
    expect(lines).toContain('m=video 0 RTP/AVP 96');
    expect(lines).toContain('a=rtpmap:96 H264/90000');
    expect(lines).toContain(
      'a=fmtp:96 packetization-mode=1;profile-level-id=4D001E;sprop-parameter-sets=Z00AHpWoKA9puAgICBA=,aO48gA==',
    );
    expect(lines).toContain('a=control:trackID=0');
    expect(lines).toContain('a=range:npt=now-');
    expect(lines).toContain('c=IN IP4 0.0.0.0');
    expect(sdp.endsWith('\r\n')).toBe(true);
  });

  it('uses IP6 for IPv6 hosts', () => {
    expect(buildH264Sdp({ sessionName: 'x', address: '::1', sps, pps, trackControl: 't' })).toContain(
      'o=- 1 1 IN IP6 ::1',
    );
  });
});

describe('Digest (RFC 2617)', () => {
  // The worked example of RFC 2617 section 3.5.
  const example = {
    username: 'Mufasa',
    realm: 'testrealm@host.com',
    password: 'Circle Of Life',
    method: 'GET',
    uri: '/dir/index.html',
    nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
    qop: 'auth',
    nc: '00000001',
    cnonce: '0a4f113b',
  };

  it('computes the response of the RFC example', () => {
    expect(computeDigestResponse(example)).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('parses the RFC example header', () => {
    const params = parseDigestHeader(
      'Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", qop=auth, nc=00000001, cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    );
    expect(params?.get('qop')).toBe('auth');
    expect(params?.get('response')).toBe('6629fae49393a05397450978507c4ef1');
    expect(parseDigestHeader('Basic QWxhZGRpbjpvcGVu')).toBeUndefined();
  });

  it('verifies with and without qop and rejects wrong passwords and stale nonces', () => {
    const issuer = new NonceIssuer(Buffer.from('secret'));
    const nonce = issuer.issue();
    const creds = { username: 'admin', password: 'pw', realm: 'R', method: 'DESCRIBE' };
    const header = (password: string, n = nonce): string => {
      const response = computeDigestResponse({ ...creds, password, uri: 'rtsp://h/c/main', nonce: n });
      return `Digest username="admin", realm="R", nonce="${n}", uri="rtsp://h/c/main", response="${response}"`;
    };
    const valid = (n: string): boolean => issuer.valid(n);
    expect(verifyDigest(header('pw'), creds, valid)).toBe('ok');
    expect(verifyDigest(header('nope'), creds, valid)).toBe('wrong');
    expect(verifyDigest(header('pw', 'abc0123456789abcdef0'), creds, valid)).toBe('stale');
    expect(verifyDigest(undefined, creds, valid)).toBe('missing');
    const qopHeader = `Digest username="admin", realm="R", nonce="${nonce}", uri="u", qop=auth, nc=00000001, cnonce="c", response="${computeDigestResponse({ ...creds, uri: 'u', nonce, qop: 'auth', nc: '00000001', cnonce: 'c' })}"`;
    expect(verifyDigest(qopHeader, creds, valid)).toBe('ok');
  });

  it('expires nonces', () => {
    let now = 1_000_000;
    const issuer = new NonceIssuer(Buffer.from('k'), 1000, () => now);
    const nonce = issuer.issue();
    expect(issuer.valid(nonce)).toBe(true);
    now += 2000;
    expect(issuer.valid(nonce)).toBe(false);
  });
});
