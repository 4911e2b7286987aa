// RTSP client authentication: answers a 401's WWW-Authenticate with Basic or Digest (RFC 2617/7616, MD5, qop=auth
// or none). The credentials go into the Authorization header and nowhere else.
import { randomBytes } from 'node:crypto';
import { computeDigestResponse, parseDigestHeader } from '../shared/digest.js';

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

type Challenge =
  | { readonly scheme: 'basic' }
  | {
      readonly scheme: 'digest';
      readonly realm: string;
      readonly nonce: string;
      readonly opaque?: string;
      readonly qop: boolean;
    };

export class RtspAuthenticator {
  private challenge: Challenge | undefined;
  private nonceCount = 0;
  private readonly cnonce = randomBytes(8).toString('hex');

  constructor(private readonly credentials: Credentials | undefined) {}

  get canAnswer(): boolean {
    return this.credentials !== undefined;
  }

  /**
   * Takes the challenges of a 401; Digest is preferred over Basic (Basic sends the password in the clear).
   * Returns false when none can be answered (no credentials, or only unknown schemes or algorithms).
   */
  accept(wwwAuthenticate: readonly string[]): boolean {
    if (!this.credentials) return false;
    let basic = false;
    for (const value of wwwAuthenticate) {
      const params = parseDigestHeader(value);
      if (params) {
        const algorithm = (params.get('algorithm') ?? 'MD5').toUpperCase();
        const qops = (params.get('qop') ?? '').split(',').map((q) => q.trim().toLowerCase());
        if (algorithm !== 'MD5') continue;
        const opaque = params.get('opaque');
        this.challenge = {
          scheme: 'digest',
          realm: params.get('realm') ?? '',
          nonce: params.get('nonce') ?? '',
          ...(opaque !== undefined ? { opaque } : {}),
          qop: qops.includes('auth'),
        };
        this.nonceCount = 0;
        return true;
      }
      if (/^\s*basic\b/i.test(value)) basic = true;
    }
    if (!basic) return false;
    this.challenge = { scheme: 'basic' };
    return true;
  }

  /** The Authorization header for a request, once a challenge was accepted. */
  authorization(method: string, uri: string): string | undefined {
    const credentials = this.credentials;
    const challenge = this.challenge;
    if (!credentials || !challenge) return undefined;
    if (challenge.scheme === 'basic') {
      return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}`;
    }
    const nc = (++this.nonceCount).toString(16).padStart(8, '0');
    const response = computeDigestResponse({
      username: credentials.username,
      password: credentials.password,
      realm: challenge.realm,
      nonce: challenge.nonce,
      method,
      uri,
      ...(challenge.qop ? { qop: 'auth', nc, cnonce: this.cnonce } : {}),
    });
    const fields = [
      `username="${quote(credentials.username)}"`,
      `realm="${quote(challenge.realm)}"`,
      `nonce="${quote(challenge.nonce)}"`,
      `uri="${quote(uri)}"`,
      `response="${response}"`,
      'algorithm=MD5',
    ];
    if (challenge.opaque !== undefined) fields.push(`opaque="${quote(challenge.opaque)}"`);
    if (challenge.qop) fields.push('qop=auth', `nc=${nc}`, `cnonce="${this.cnonce}"`);
    return `Digest ${fields.join(', ')}`;
  }
}

function quote(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}
