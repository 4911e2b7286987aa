// SOAP reply bodies of the simulated ONVIF device: device service and media service operations.
import type { SimulatedCameraConfig } from './simulator.js';
import { envelope, escape } from './onvif-soap.js';

export type OnvifSimCamera = Pick<
  SimulatedCameraConfig,
  'id' | 'name' | 'width' | 'height' | 'fps' | 'bitrateKbps' | 'sub'
>;

export interface DeviceFacts {
  camera: OnvifSimCamera;
  /** http://host:port as advertised (maybe an address clients cannot reach, on purpose). */
  baseUrl: string;
  /** The device has a PTZ service (a dome). */
  ptz?: boolean;
}

export function systemDateAndTime(deviceNow: Date): string {
  return envelope(
    '<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime>' +
      '<tt:DateTimeType>Manual</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings>' +
      '<tt:TimeZone><tt:TZ>UTC0</tt:TZ></tt:TimeZone><tt:UTCDateTime>' +
      `<tt:Time><tt:Hour>${deviceNow.getUTCHours()}</tt:Hour><tt:Minute>${deviceNow.getUTCMinutes()}</tt:Minute>` +
      `<tt:Second>${deviceNow.getUTCSeconds()}</tt:Second></tt:Time>` +
      `<tt:Date><tt:Year>${deviceNow.getUTCFullYear()}</tt:Year><tt:Month>${deviceNow.getUTCMonth() + 1}</tt:Month>` +
      `<tt:Day>${deviceNow.getUTCDate()}</tt:Day></tt:Date>` +
      '</tt:UTCDateTime></tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>',
  );
}

export function deviceInformation({ camera }: DeviceFacts): string {
  return envelope(
    '<tds:GetDeviceInformationResponse><tds:Manufacturer>Vigil</tds:Manufacturer>' +
      `<tds:Model>Simulated ${escape(camera.name)}</tds:Model><tds:FirmwareVersion>sim-1.0</tds:FirmwareVersion>` +
      `<tds:SerialNumber>SIM-${escape(camera.id)}</tds:SerialNumber><tds:HardwareId>VIGIL-SIM</tds:HardwareId>` +
      '</tds:GetDeviceInformationResponse>',
  );
}

export function capabilities({ baseUrl, ptz }: DeviceFacts): string {
  return envelope(
    '<tds:GetCapabilitiesResponse><tds:Capabilities>' +
      `<tt:Device><tt:XAddr>${baseUrl}/onvif/device_service</tt:XAddr></tt:Device>` +
      `<tt:Media><tt:XAddr>${baseUrl}/onvif/media_service</tt:XAddr><tt:StreamingCapabilities>` +
      '<tt:RTPMulticast>false</tt:RTPMulticast><tt:RTP_TCP>true</tt:RTP_TCP><tt:RTP_RTSP_TCP>true</tt:RTP_RTSP_TCP>' +
      '</tt:StreamingCapabilities></tt:Media>' +
      (ptz ? `<tt:PTZ><tt:XAddr>${baseUrl}/onvif/ptz_service</tt:XAddr></tt:PTZ>` : '') +
      '</tds:Capabilities></tds:GetCapabilitiesResponse>',
  );
}

export function services({ baseUrl, ptz }: DeviceFacts): string {
  const service = (ns: string, path: string): string =>
    `<tds:Service><tds:Namespace>${ns}</tds:Namespace><tds:XAddr>${baseUrl}${path}</tds:XAddr>` +
    '<tds:Version><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor></tds:Version></tds:Service>';
  return envelope(
    '<tds:GetServicesResponse>' +
      service('http://www.onvif.org/ver10/device/wsdl', '/onvif/device_service') +
      service('http://www.onvif.org/ver10/media/wsdl', '/onvif/media_service') +
      (ptz ? service('http://www.onvif.org/ver20/ptz/wsdl', '/onvif/ptz_service') : '') +
      '</tds:GetServicesResponse>',
  );
}

interface ProfileSpec {
  token: 'main' | 'sub';
  width: number;
  height: number;
  bitrateKbps: number;
}

export function profileSpecs(camera: OnvifSimCamera): ProfileSpec[] {
  const specs: ProfileSpec[] = [
    { token: 'main', width: camera.width, height: camera.height, bitrateKbps: camera.bitrateKbps },
  ];
  if (camera.sub) specs.push({ token: 'sub', ...camera.sub });
  return specs;
}

export function profiles({ camera }: DeviceFacts): string {
  const body = profileSpecs(camera)
    .map(
      (p) =>
        `<trt:Profiles fixed="true" token="${p.token}"><tt:Name>${p.token}</tt:Name>` +
        '<tt:VideoSourceConfiguration token="vsc0"><tt:Name>vsc0</tt:Name><tt:UseCount>2</tt:UseCount>' +
        `<tt:SourceToken>vs0</tt:SourceToken><tt:Bounds x="0" y="0" width="${camera.width}" height="${camera.height}"/>` +
        '</tt:VideoSourceConfiguration>' +
        `<tt:VideoEncoderConfiguration token="enc-${p.token}"><tt:Name>${p.token} encoder</tt:Name>` +
        '<tt:UseCount>1</tt:UseCount><tt:Encoding>H264</tt:Encoding>' +
        `<tt:Resolution><tt:Width>${p.width}</tt:Width><tt:Height>${p.height}</tt:Height></tt:Resolution>` +
        '<tt:Quality>5</tt:Quality><tt:RateControl>' +
        `<tt:FrameRateLimit>${camera.fps}</tt:FrameRateLimit><tt:EncodingInterval>1</tt:EncodingInterval>` +
        `<tt:BitrateLimit>${p.bitrateKbps}</tt:BitrateLimit></tt:RateControl>` +
        `<tt:H264><tt:GovLength>${camera.fps}</tt:GovLength><tt:H264Profile>Main</tt:H264Profile></tt:H264>` +
        '<tt:SessionTimeout>PT60S</tt:SessionTimeout></tt:VideoEncoderConfiguration></trt:Profiles>',
    )
    .join('');
  return envelope(`<trt:GetProfilesResponse>${body}</trt:GetProfilesResponse>`);
}

export function mediaUri(operation: 'GetStreamUri' | 'GetSnapshotUri', uri: string): string {
  return envelope(
    `<trt:${operation}Response><trt:MediaUri><tt:Uri>${escape(uri)}</tt:Uri>` +
      '<tt:InvalidAfterConnect>false</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot>' +
      `<tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:${operation}Response>`,
  );
}
