// The simulated ONVIF device's SOAP side: request reading, WS-UsernameToken checking, and reply envelopes.
import { createHash } from 'node:crypto';
import { parseXml } from '../onvif/index.js';

type Tree = { [key: string]: unknown };

function node(value: unknown): Tree | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Tree) : undefined;
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const inner = node(value)?.['#text'];
  return typeof inner === 'string' ? inner : undefined;
}

export interface OnvifRequest {
  /** Local name of the first Body element, e.g. GetProfiles. */
  operation: string;
  body: Tree;
  token?: { username: string; digest: string; nonce: string; created: string };
}

/** Reads a request envelope; undefined when it is not SOAP at all. */
export function readRequest(xml: string): OnvifRequest | undefined {
  let document: unknown;
  try {
    // The hub's own reader: attributes as `@name` (PTZ speeds travel as attributes), prefixes dropped.
    document = parseXml(xml);
  } catch {
    return undefined;
  }
  const envelope = node(node(document)?.['Envelope']);
  const body = node(envelope?.['Body']);
  if (!body) return undefined;
  const operation = Object.keys(body).find((key) => !key.startsWith('@'));
  if (!operation) return undefined;
  const ut = node(node(node(envelope?.['Header'])?.['Security'])?.['UsernameToken']);
  const username = str(ut?.['Username']);
  const digest = str(ut?.['Password']);
  const nonce = str(ut?.['Nonce']);
  const created = str(ut?.['Created']);
  return {
    operation,
    body: node(body[operation]) ?? {},
    ...(username !== undefined && digest && nonce && created ? { token: { username, digest, nonce, created } } : {}),
  };
}

/** A text field of the operation element, e.g. ProfileToken. */
export function field(request: OnvifRequest, name: string): string | undefined {
  return str(request.body[name]);
}

/** A numeric attribute of an element of the operation, e.g. Velocity/PanTilt@x; undefined when absent. */
export function numberAttribute(request: OnvifRequest, path: string[], name: string): number | undefined {
  let current: unknown = request.body;
  for (const key of path) current = node(current)?.[key];
  const raw = node(current)?.[`@${name}`];
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  return Number.isFinite(value) ? value : undefined;
}

export type AuthVerdict = 'ok' | 'missing' | 'wrong-credentials' | 'stale';

/** Checks a UsernameToken PasswordDigest against the device's own clock (±5 min, as device stacks do). */
export function checkToken(
  request: OnvifRequest,
  username: string,
  password: string,
  deviceNowMs: number,
): AuthVerdict {
  const token = request.token;
  if (!token) return 'missing';
  const expected = createHash('sha1')
    .update(Buffer.concat([Buffer.from(token.nonce, 'base64'), Buffer.from(token.created), Buffer.from(password)]))
    .digest('base64');
  if (token.username !== username || token.digest !== expected) return 'wrong-credentials';
  const created = Date.parse(token.created);
  if (!Number.isFinite(created) || Math.abs(created - deviceNowMs) > 5 * 60_000) return 'stale';
  return 'ok';
}

const NAMESPACES =
  'xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" xmlns:tt="http://www.onvif.org/ver10/schema" ' +
  'xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:trt="http://www.onvif.org/ver10/media/wsdl" ' +
  'xmlns:ter="http://www.onvif.org/ver10/error" xmlns:tptz="http://www.onvif.org/ver20/ptz/wsdl"';

/** A reply envelope in the gSOAP style real devices use (SOAP-ENV prefix). */
export function envelope(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope ${NAMESPACES}><SOAP-ENV:Body>${body}</SOAP-ENV:Body></SOAP-ENV:Envelope>`;
}

export function fault(code: 'Sender' | 'Receiver', subcodes: string[], reason: string): string {
  const nested = subcodes.reduceRight(
    (inner, sub) => `<SOAP-ENV:Subcode><SOAP-ENV:Value>${sub}</SOAP-ENV:Value>${inner}</SOAP-ENV:Subcode>`,
    '',
  );
  return envelope(
    `<SOAP-ENV:Fault><SOAP-ENV:Code><SOAP-ENV:Value>SOAP-ENV:${code}</SOAP-ENV:Value>${nested}</SOAP-ENV:Code>` +
      `<SOAP-ENV:Reason><SOAP-ENV:Text xml:lang="en">${escape(reason)}</SOAP-ENV:Text></SOAP-ENV:Reason></SOAP-ENV:Fault>`,
  );
}

export function escape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A 16x16 grey JPEG: the snapshot endpoint's placeholder picture. */
export const PLACEHOLDER_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAgAAAQABAAD//gAQTGF2YzU5LjM3LjEwMAD/2wBDAAgEBAQEBAUFBQUFBQYGBgYGBgYGBgYGBgYHBwcICAgHBwcGBgcHCAgICAkJCQgICAgJCQoKCgwMCwsODg4RERT/xABKAAEAAAAAAAAAAAAAAAAAAAAAAQEAAAAAAAAAAAAAAAAAAAAAEAEAAAAAAAAAAAAAAAAAAAAAEQEAAAAAAAAAAAAAAAAAAAAA/8AAEQgAEAAQAwEiAAIRAAMRAP/aAAwDAQACEQMRAD8AAA//2Q==',
  'base64',
);
