// RTSP Digest authentication (RFC 2617 with MD5, as IP cameras do it): challenge, header parsing, verification. Pure.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { computeDigestResponse, parseDigestHeader } from '../shared/digest.js';

export function digestChallenge(realm: string, nonce: string): string {
  return `Digest realm="${realm}", nonce="${nonce}", algorithm="MD5"`;
}

/**
 * Stateless nonces: issue time plus an HMAC of it, so any connection may reuse one until it expires
 * (ffmpeg and GStreamer reuse the nonce for every request of a session).
 */
export class NonceIssuer {
  constructor(
    private readonly secret: Buffer,
    private readonly lifetimeMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  issue(): string {
    const stamp = this.now().toString(16);
    return `${stamp}${this.sign(stamp)}`;
  }

  valid(nonce: string): boolean {
    const stamp = nonce.slice(0, -16);
    const issued = Number.parseInt(stamp, 16);
    if (!Number.isFinite(issued) || this.now() - issued > this.lifetimeMs || issued > this.now() + 1000) return false;
    const expected = Buffer.from(this.sign(stamp));
    const given = Buffer.from(nonce.slice(-16));
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private sign(stamp: string): string {
    return createHmac('sha256', this.secret).update(stamp).digest('hex').slice(0, 16);
  }
}

export type DigestVerdict = 'ok' | 'missing' | 'stale' | 'wrong';

/** Checks an Authorization header against the expected credentials. */
export function verifyDigest(
  header: string | undefined,
  request: { method: string; realm: string; username: string; password: string },
  nonceValid: (nonce: string) => boolean,
): DigestVerdict {
  if (!header) return 'missing';
  const params = parseDigestHeader(header);
  if (!params) return 'wrong';
  const nonce = params.get('nonce') ?? '';
  const uri = params.get('uri') ?? '';
  const response = params.get('response') ?? '';
  if (params.get('username') !== request.username || params.get('realm') !== request.realm) return 'wrong';
  if (!nonceValid(nonce)) return 'stale';
  const qop = params.get('qop');
  const expected = computeDigestResponse({
    username: request.username,
    realm: request.realm,
    password: request.password,
    method: request.method,
    uri,
    nonce,
    ...(qop ? { qop, nc: params.get('nc') ?? '', cnonce: params.get('cnonce') ?? '' } : {}),
  });
  const a = Buffer.from(expected);
  const b = Buffer.from(response.toLowerCase());
  return a.length === b.length && timingSafeEqual(a, b) ? 'ok' : 'wrong';
}
