// WS-Security UsernameToken with PasswordDigest: Base64(SHA-1(nonce + created + password)), Created on the device's clock.
import { createHash, randomBytes } from 'node:crypto';
import { escapeXml } from './xml.js';

export interface UsernameToken {
  username: string;
  /** Base64 of SHA-1(nonce bytes + created + password). */
  digest: string;
  /** Base64 of the raw nonce bytes. */
  nonce: string;
  /** ISO 8601 UTC, on the device's clock. */
  created: string;
}

export function passwordDigest(nonce: Buffer, created: string, password: string): string {
  return createHash('sha1')
    .update(Buffer.concat([nonce, Buffer.from(created, 'utf8'), Buffer.from(password, 'utf8')]))
    .digest('base64');
}

/**
 * A token for now on the device's clock: `deviceOffsetMs` is device time minus local time, measured with
 * GetSystemDateAndTime, because devices reject a Created outside a few minutes of their own (often wrong) clock.
 */
export function createUsernameToken(
  username: string,
  password: string,
  deviceOffsetMs: number,
  now: number = Date.now(),
  nonce: Buffer = randomBytes(16),
): UsernameToken {
  // Whole seconds: some device stacks reject fractional seconds in Created.
  const created = new Date(Math.floor((now + deviceOffsetMs) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  return { username, digest: passwordDigest(nonce, created, password), nonce: nonce.toString('base64'), created };
}

const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const DIGEST_TYPE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest';
const BASE64_TYPE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';

/** The <wsse:Security> header element for a token. */
export function securityHeader(token: UsernameToken): string {
  return (
    `<wsse:Security s:mustUnderstand="1" xmlns:wsse="${WSSE}" xmlns:wsu="${WSU}">` +
    '<wsse:UsernameToken>' +
    `<wsse:Username>${escapeXml(token.username)}</wsse:Username>` +
    `<wsse:Password Type="${DIGEST_TYPE}">${token.digest}</wsse:Password>` +
    `<wsse:Nonce EncodingType="${BASE64_TYPE}">${token.nonce}</wsse:Nonce>` +
    `<wsu:Created>${token.created}</wsu:Created>` +
    '</wsse:UsernameToken></wsse:Security>'
  );
}
