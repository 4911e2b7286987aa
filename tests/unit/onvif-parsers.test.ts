// ONVIF SOAP parsers over real gSOAP captures (tests/fixtures/onvif-gsoap), plus WS-Security, host lists and URI correction.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  mediaXAddrFromServices,
  parseCapabilities,
  parseDeviceInformation,
  parseServices,
  parseSystemDateAndTime,
} from '../../src/onvif/device-parsers.js';
import { describeScopes, parseProbeMatches } from '../../src/onvif/discovery-messages.js';
import { expandHosts } from '../../src/onvif/hosts.js';
import { parseMediaUri, parseProfiles } from '../../src/onvif/media-parsers.js';
import { isAuthFault, NotSoapError, readSoapReply } from '../../src/onvif/soap.js';
import { correctHost } from '../../src/onvif/uri.js';
import { createUsernameToken, passwordDigest } from '../../src/onvif/wsse.js';
import { XmlSyntaxError, type XmlNode } from '../../src/onvif/xml.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/onvif-gsoap/${name}`, import.meta.url), 'utf8');

function body(name: string): XmlNode {
  const reply = readSoapReply(fixture(name));
  if (reply.kind !== 'body') throw new Error(`${name} is a fault`);
  return reply.body;
}

describe('device service replies (gSOAP captures)', () => {
  it('GetDeviceInformation', () => {
    expect(parseDeviceInformation(body('GetDeviceInformation.xml'))).toEqual({
      manufacturer: 'Mockup Manufacturer',
      model: 'Mockup Model',
      firmwareVersion: 'Mockup_15_14_13',
      serialNumber: '00000000',
      hardwareId: 'MOCKUP',
    });
  });

  it('GetSystemDateAndTime gives the device UTC clock', () => {
    expect(parseSystemDateAndTime(body('GetSystemDateAndTime.xml')).toISOString()).toBe('2014-12-24T19:14:37.000Z');
  });

  it('GetCapabilities gives service addresses', () => {
    expect(parseCapabilities(body('GetCapabilities.xml'))).toEqual({
      deviceXAddr: 'http://192.168.68.111/onvif/services',
      mediaXAddr: 'http://192.168.68.111/onvif/services',
      eventsXAddr: 'http://192.168.68.111/onvif/services',
      ptzXAddr: 'http://192.168.68.111/onvif/services',
      imagingXAddr: 'http://192.168.68.111/onvif/services',
      rtpRtspTcp: true,
    });
  });

  it('GetServices lists namespaces, addresses and versions', () => {
    const services = parseServices(body('GetServices.xml'));
    expect(services).toHaveLength(6);
    expect(services[1]).toEqual({
      namespace: 'http://www.onvif.org/ver10/media/wsdl',
      xaddr: 'http://192.168.68.111/onvif/services',
      version: { major: 2, minor: 41 },
    });
    expect(mediaXAddrFromServices(services)).toBe('http://192.168.68.111/onvif/services');
  });

  it('a reply for another operation is a parse error, not a crash', () => {
    expect(() => parseDeviceInformation(body('GetServices.xml'))).toThrow(/GetDeviceInformationResponse/);
  });
});

describe('media service replies (gSOAP captures)', () => {
  it('GetProfiles: token, name, encoding, resolution, frame rate, bitrate', () => {
    expect(parseProfiles(body('GetProfiles.xml'))).toEqual([
      {
        token: 'main',
        name: 'main',
        video: { encoding: 'H264', width: 1920, height: 1080, frameRate: 5, bitrateKbps: 1000, govLength: 30 },
      },
    ]);
  });

  it.each([
    ['GetStreamUri.xml', 'GetStreamUri', 'rtsp://192.168.68.111/h264main'],
    [
      'GetSnapshotUri.xml',
      'GetSnapshotUri',
      'http://192.168.68.111/onvif-cgi/jpg/image.cgi?resolution=800x600&compression=20&camera=1',
    ],
  ] as const)('%s', (file, operation, uri) => {
    expect(parseMediaUri(body(file), operation)).toBe(uri);
  });
});

describe('SOAP replies that are not a body', () => {
  it('Error.xml (undeclared SOAP-ENV prefix, curly quotes in the declaration) reads as a fault', () => {
    const reply = readSoapReply(fixture('Error.xml'));
    expect(reply).toEqual({
      kind: 'fault',
      fault: { code: 'fault code', subcodes: ['ter:fault subcode', 'ter:fault subcode'], reason: 'fault reason' },
    });
    expect(reply.kind === 'fault' && isAuthFault(reply.fault)).toBe(false);
  });

  it('a ter:NotAuthorized fault is an auth fault', () => {
    const xml = fixture('Error.xml').replace(/ter:fault subcode/g, 'ter:NotAuthorized');
    const reply = readSoapReply(xml);
    expect(reply.kind === 'fault' && isAuthFault(reply.fault)).toBe(true);
  });

  it.each([
    ['truncated', fixture('GetProfiles.xml').slice(0, 1500), XmlSyntaxError],
    ['HTML', '<html><body><h1>404 Not Found</h1></body></html>', NotSoapError],
    ['plain text', 'Not Found', XmlSyntaxError],
    ['empty', '', XmlSyntaxError],
  ] as const)('%s input throws %s', (_name, xml, type) => {
    expect(() => readSoapReply(xml)).toThrow(type);
  });
});

describe('WS-Discovery', () => {
  const probeMatch = fixture('Probe.xml')
    .replace('RELATES_TO', 'urn:uuid:0000')
    .replace('SERVICE_URI', 'http://127.0.0.1:8080/onvif/device_service http://[::1]:8080/onvif/device_service');

  it('reads the gSOAP ProbeMatch', () => {
    const [match, ...rest] = parseProbeMatches(probeMatch);
    expect(rest).toEqual([]);
    expect(match).toEqual({
      endpointReference: 'uuid:c9790c3a-701b-464d-a189-0060351c8ada',
      types: ['NetworkVideoTransmitter', 'Device'],
      scopes: expect.arrayContaining(['onvif://www.onvif.org/name/PREDATOR']) as unknown,
      xaddrs: ['http://127.0.0.1:8080/onvif/device_service', 'http://[::1]:8080/onvif/device_service'],
      relatesTo: 'urn:uuid:0000',
    });
    expect(describeScopes(match!.scopes)).toEqual({ name: 'PREDATOR', hardware: 'HD_PREDATOR' });
  });

  it.each([
    ['garbage', '\u0000\u0001garbage'],
    ['a Probe, not a match', '<s:Envelope xmlns:s="x"><s:Body><Probe/></s:Body></s:Envelope>'],
    ['truncated', probeMatch.slice(0, 400)],
  ])('%s is rejected', (_name, datagram) => {
    expect(() => parseProbeMatches(datagram)).toThrow();
  });

  it('decodes percent-encoded scope values', () => {
    expect(
      describeScopes(['onvif://www.onvif.org/name/Gate%20North', 'onvif://www.onvif.org/location/city/Xi%27an']),
    ).toEqual({ name: 'Gate North', location: "city/Xi'an" });
  });
});

describe('WS-Security UsernameToken', () => {
  it('digest is Base64(SHA-1(nonce + created + password))', () => {
    const nonce = Buffer.from('0123456789abcdef');
    const created = '2026-01-02T03:04:05Z';
    const expected = createHash('sha1').update(`0123456789abcdef${created}secret`).digest('base64');
    expect(passwordDigest(nonce, created, 'secret')).toBe(expected);
  });

  it('Created is local now plus the device offset, in whole seconds', () => {
    const now = Date.parse('2026-01-02T03:04:05.678Z');
    const token = createUsernameToken('admin', 'pw', 2 * 3600_000, now, Buffer.alloc(16, 1));
    expect(token.created).toBe('2026-01-02T05:04:05Z');
    expect(token.nonce).toBe(Buffer.alloc(16, 1).toString('base64'));
    expect(token.digest).toBe(passwordDigest(Buffer.alloc(16, 1), token.created, 'pw'));
  });
});

describe('host lists', () => {
  it.each([
    ['10.213.0.0/28', 14, '10.213.0.1', '10.213.0.14'],
    ['10.213.0.7', 1, '10.213.0.7', '10.213.0.7'],
    ['10.213.0.5-10.213.0.9', 5, '10.213.0.5', '10.213.0.9'],
    ['10.213.0.9/31', 2, '10.213.0.8', '10.213.0.9'],
    ['10.213.0.1, 10.213.0.1 10.213.0.2', 2, '10.213.0.1', '10.213.0.2'],
  ])('%s → %i hosts', (spec, count, first, last) => {
    const hosts = expandHosts(spec);
    expect(hosts).toHaveLength(count);
    expect(hosts[0]).toBe(first);
    expect(hosts.at(-1)).toBe(last);
  });

  it.each(['10.0.0.0/8', 'camera.local', '10.0.0.300', '10.0.0.9-10.0.0.1'])('%s is refused', (spec) => {
    expect(() => expandHosts(spec)).toThrow(expect.objectContaining({ code: 'VIGIL_VALIDATION' }) as Error);
  });
});

describe('host correction', () => {
  it.each([
    ['rtsp://10.255.0.1:8554/cam01/main', '127.0.0.1', 'rtsp://127.0.0.1:8554/cam01/main', true],
    ['rtsp://192.168.68.111/h264main', '192.168.68.111', 'rtsp://192.168.68.111/h264main', false],
    ['http://10.255.0.1/snap.jpg?a=1&b=2', '10.213.0.11', 'http://10.213.0.11/snap.jpg?a=1&b=2', true],
    ['rtsp://10.255.0.1/x', '::1', 'rtsp://[::1]/x', true],
  ])('%s via %s', (reported, host, uri, corrected) => {
    expect(correctHost(reported, host)).toEqual({ uri, corrected });
  });
});
