// WS-Discovery messages: the Probe we send and the ProbeMatches we read (pure, tested over a gSOAP capture).
import { randomUUID } from 'node:crypto';
import { children, path, text, type XmlNode } from './xml.js';
import { localName, readSoapMessage } from './soap.js';

export const WS_DISCOVERY_GROUP = '239.255.255.250';
export const WS_DISCOVERY_PORT = 3702;

export interface ProbeMatch {
  /** WS-Addressing EndpointReference address (usually urn:uuid:...): the device's stable identity. */
  endpointReference: string;
  /** Local type names, e.g. NetworkVideoTransmitter, Device. */
  types: string[];
  scopes: string[];
  /** Device service addresses as advertised (may be unreachable from the hub). */
  xaddrs: string[];
  /** The message this answers, to ignore replies to someone else's probe. */
  relatesTo?: string;
}

export function newMessageId(): string {
  return `urn:uuid:${randomUUID()}`;
}

/** A Probe for ONVIF video transmitters (what cameras and encoders answer to). */
export function buildProbe(messageId: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" ' +
    'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" ' +
    'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" ' +
    'xmlns:dn="http://www.onvif.org/ver10/network/wsdl">' +
    '<s:Header>' +
    `<a:MessageID>${messageId}</a:MessageID>` +
    '<a:To s:mustUnderstand="1">urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>' +
    '<a:Action s:mustUnderstand="1">http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>' +
    '</s:Header>' +
    '<s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body>' +
    '</s:Envelope>'
  );
}

function words(value: string | undefined): string[] {
  return (value ?? '').split(/\s+/).filter((w) => w !== '');
}

/** The matches in a ProbeMatches datagram; throws on anything that is not one (garbage, a Probe, a Hello). */
export function parseProbeMatches(datagram: string): ProbeMatch[] {
  const { header, reply } = readSoapMessage(datagram);
  if (reply.kind !== 'body') throw new Error('a SOAP fault, not ProbeMatches');
  const matches = path(reply.body, 'ProbeMatches');
  if (!matches) throw new Error('not a ProbeMatches message');
  const relatesTo = text(header, 'RelatesTo') || undefined;
  return children(matches, 'ProbeMatch').flatMap((match: XmlNode) => {
    const endpointReference = text(match, 'EndpointReference', 'Address');
    const xaddrs = words(text(match, 'XAddrs'));
    if (!endpointReference || xaddrs.length === 0) return [];
    return [
      {
        endpointReference,
        types: words(text(match, 'Types')).map(localName),
        scopes: words(text(match, 'Scopes')),
        xaddrs,
        ...(relatesTo ? { relatesTo } : {}),
      },
    ];
  });
}

/** Decoded onvif:// scopes: name, hardware and location are what a discovery wizard shows. */
export function describeScopes(scopes: readonly string[]): { name?: string; hardware?: string; location?: string } {
  const out: { name?: string; hardware?: string; location?: string } = {};
  for (const scope of scopes) {
    const match = /^onvif:\/\/www\.onvif\.org\/(name|hardware|location)\/(.*)$/i.exec(scope);
    if (!match || !match[2]) continue;
    const key = match[1]!.toLowerCase() as 'name' | 'hardware' | 'location';
    let value: string;
    try {
      value = decodeURIComponent(match[2]);
    } catch {
      // A scope with a stray % is shown as it came.
      value = match[2];
    }
    // Several location scopes (country/city/...) are joined.
    out[key] = out[key] ? `${out[key]}/${value}` : value;
  }
  return out;
}
