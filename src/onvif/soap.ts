// SOAP 1.2 envelopes out, replies in: a reply is a body or a fault; anything else is reported as not SOAP or not XML.
import { children, child, isNode, parseXml, path, text, type XmlNode } from './xml.js';

export const NS = {
  soap: 'http://www.w3.org/2003/05/soap-envelope',
  tds: 'http://www.onvif.org/ver10/device/wsdl',
  trt: 'http://www.onvif.org/ver10/media/wsdl',
  tt: 'http://www.onvif.org/ver10/schema',
} as const;

/** A full request envelope; `header` is inserted as is (e.g. the WS-Security header). */
export function soapEnvelope(body: string, header = ''): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<s:Envelope xmlns:s="${NS.soap}" xmlns:tds="${NS.tds}" xmlns:trt="${NS.trt}" xmlns:tt="${NS.tt}">` +
    (header ? `<s:Header>${header}</s:Header>` : '') +
    `<s:Body>${body}</s:Body></s:Envelope>`
  );
}

export interface SoapFault {
  /** e.g. env:Sender / SOAP-ENV:Client. */
  code: string;
  /** Every subcode value, outermost first, e.g. ['ter:InvalidArgVal', 'ter:NoProfile']. */
  subcodes: string[];
  reason: string;
}

export type SoapReply = { kind: 'body'; body: XmlNode } | { kind: 'fault'; fault: SoapFault };

export class NotSoapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotSoapError';
  }
}

/** Reads a reply; throws XmlSyntaxError when it is not well-formed XML, NotSoapError when it has no SOAP body. */
export function readSoapReply(xml: string): SoapReply {
  return readSoapMessage(xml).reply;
}

/** Like readSoapReply, with the SOAP header too (WS-Addressing fields live there). */
export function readSoapMessage(xml: string): { header: XmlNode | undefined; reply: SoapReply } {
  const doc = parseXml(xml);
  const header = path(doc, 'Envelope', 'Header');
  const body = path(doc, 'Envelope', 'Body');
  if (!body) throw new NotSoapError('the reply is XML but not a SOAP envelope');
  const fault = child(body, 'Fault');
  if (fault) return { header, reply: { kind: 'fault', fault: readFault(fault) } };
  return { header, reply: { kind: 'body', body } };
}

function readFault(fault: XmlNode): SoapFault {
  // SOAP 1.1 (faultcode/faultstring) still comes from older device stacks.
  const legacyCode = text(fault, 'faultcode');
  if (legacyCode !== undefined) {
    return { code: legacyCode, subcodes: [], reason: text(fault, 'faultstring') ?? '' };
  }
  const code = child(fault, 'Code');
  const subcodes: string[] = [];
  for (let sub = child(code, 'Subcode'); sub; sub = child(sub, 'Subcode')) {
    const value = text(sub, 'Value');
    if (value) subcodes.push(value);
  }
  const reasons = children(child(fault, 'Reason'), 'Text').map((t) => text(t) ?? '');
  return { code: text(code, 'Value') ?? '', subcodes, reason: reasons.find((r) => r !== '') ?? '' };
}

const AUTH_SUBCODES = ['NotAuthorized', 'FailedAuthentication', 'InvalidSecurity', 'InvalidSecurityToken'];

/** True for faults that mean "wrong or missing credentials" (ONVIF ter:NotAuthorized, WS-Security wsse:FailedAuthentication). */
export function isAuthFault(fault: SoapFault): boolean {
  return fault.subcodes.some((value) => AUTH_SUBCODES.includes(localName(value)));
}

export function localName(qualified: string): string {
  const trimmed = qualified.trim();
  const colon = trimmed.lastIndexOf(':');
  return colon >= 0 ? trimmed.slice(colon + 1) : trimmed;
}

/** The single response element of a body, e.g. GetProfilesResponse; undefined when missing. */
export function responseElement(body: XmlNode, name: string): XmlNode | undefined {
  const found = child(body, name);
  return isNode(found) ? found : undefined;
}
