// Pure parsers for device-service replies (GetSystemDateAndTime, GetDeviceInformation, GetCapabilities, GetServices).
import { children, int, path, text, type XmlNode } from './xml.js';

export class OnvifParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OnvifParseError';
  }
}

export interface OnvifDeviceInformation {
  manufacturer: string;
  model: string;
  firmwareVersion: string;
  serialNumber: string;
  hardwareId: string;
}

export interface OnvifCapabilities {
  /** Service addresses as the device reports them (possibly an address the hub cannot reach). */
  deviceXAddr?: string;
  mediaXAddr?: string;
  eventsXAddr?: string;
  ptzXAddr?: string;
  imagingXAddr?: string;
  rtpRtspTcp?: boolean;
}

export interface OnvifService {
  namespace: string;
  xaddr: string;
  version?: { major: number; minor: number };
}

function response(body: XmlNode, name: string): XmlNode {
  const found = path(body, name);
  if (!found) throw new OnvifParseError(`the reply has no ${name}`);
  return found;
}

/** The device's UTC clock; undefined fields are an error because auth depends on this time. */
export function parseSystemDateAndTime(body: XmlNode): Date {
  const utc = path(response(body, 'GetSystemDateAndTimeResponse'), 'SystemDateAndTime', 'UTCDateTime');
  const year = int(utc, 'Date', 'Year');
  const month = int(utc, 'Date', 'Month');
  const day = int(utc, 'Date', 'Day');
  const hour = int(utc, 'Time', 'Hour');
  const minute = int(utc, 'Time', 'Minute');
  const second = int(utc, 'Time', 'Second');
  if (
    year === undefined ||
    month === undefined ||
    day === undefined ||
    hour === undefined ||
    minute === undefined ||
    second === undefined
  ) {
    throw new OnvifParseError('GetSystemDateAndTime has no complete UTCDateTime');
  }
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
}

export function parseDeviceInformation(body: XmlNode): OnvifDeviceInformation {
  const info = response(body, 'GetDeviceInformationResponse');
  return {
    manufacturer: text(info, 'Manufacturer') ?? '',
    model: text(info, 'Model') ?? '',
    firmwareVersion: text(info, 'FirmwareVersion') ?? '',
    serialNumber: text(info, 'SerialNumber') ?? '',
    hardwareId: text(info, 'HardwareId') ?? '',
  };
}

export function parseCapabilities(body: XmlNode): OnvifCapabilities {
  const caps = path(response(body, 'GetCapabilitiesResponse'), 'Capabilities');
  if (!caps) throw new OnvifParseError('GetCapabilitiesResponse has no Capabilities');
  const xaddr = (name: string): string | undefined => text(caps, name, 'XAddr') || undefined;
  const rtsp = text(caps, 'Media', 'StreamingCapabilities', 'RTP_RTSP_TCP');
  const out: OnvifCapabilities = {};
  const entries: Array<[keyof OnvifCapabilities, string | undefined]> = [
    ['deviceXAddr', xaddr('Device')],
    ['mediaXAddr', xaddr('Media')],
    ['eventsXAddr', xaddr('Events')],
    ['ptzXAddr', xaddr('PTZ')],
    ['imagingXAddr', xaddr('Imaging')],
  ];
  for (const [key, value] of entries) if (value) Object.assign(out, { [key]: value });
  if (rtsp !== undefined) out.rtpRtspTcp = rtsp.toLowerCase() === 'true';
  return out;
}

export function parseServices(body: XmlNode): OnvifService[] {
  return children(response(body, 'GetServicesResponse'), 'Service').flatMap((service) => {
    const namespace = text(service, 'Namespace');
    const xaddr = text(service, 'XAddr');
    if (!namespace || !xaddr) return [];
    const major = int(service, 'Version', 'Major');
    const minor = int(service, 'Version', 'Minor');
    return [{ namespace, xaddr, ...(major !== undefined ? { version: { major, minor: minor ?? 0 } } : {}) }];
  });
}

/** The media service address from GetServices (media ver10 first, then ver20). */
export function mediaXAddrFromServices(services: readonly OnvifService[]): string | undefined {
  return (
    services.find((s) => s.namespace === 'http://www.onvif.org/ver10/media/wsdl')?.xaddr ??
    services.find((s) => s.namespace === 'http://www.onvif.org/ver20/media/wsdl')?.xaddr
  );
}
