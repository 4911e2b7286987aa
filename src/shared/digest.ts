// RFC 2617 Digest primitives (MD5) shared by the RTSP client and the simulated camera: response and header parsing. Pure.
import { createHash } from 'node:crypto';

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

export interface DigestParams {
  username: string;
  realm: string;
  password: string;
  method: string;
  uri: string;
  nonce: string;
  /** With qop=auth the response also covers nc and cnonce (RFC 2617 3.2.2.1). */
  qop?: string;
  nc?: string;
  cnonce?: string;
}

/** The request-digest of RFC 2617 3.2.2.1 (algorithm MD5). */
export function computeDigestResponse(p: DigestParams): string {
  const ha1 = md5(`${p.username}:${p.realm}:${p.password}`);
  const ha2 = md5(`${p.method}:${p.uri}`);
  return p.qop
    ? md5(`${ha1}:${p.nonce}:${p.nc ?? ''}:${p.cnonce ?? ''}:${p.qop}:${ha2}`)
    : md5(`${ha1}:${p.nonce}:${ha2}`);
}

/** Parses `Digest k="v", k2=v2` into a lower-cased key map; undefined when not a Digest header. */
export function parseDigestHeader(header: string): Map<string, string> | undefined {
  const match = /^\s*Digest\s+(.*)$/is.exec(header);
  if (!match) return undefined;
  const params = new Map<string, string>();
  const pattern = /([a-zA-Z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
  for (let m = pattern.exec(match[1]!); m; m = pattern.exec(match[1]!)) {
    params.set(m[1]!.toLowerCase(), m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? ''));
  }
  return params;
}
