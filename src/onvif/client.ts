// ONVIF device client: clock offset first, then WS-Security on every call, service addresses corrected to the host the hub reached.
import type { Logger } from '../shared/index.js';
import { redactUrl, silentLogger, withCredentials } from '../shared/index.js';
import {
  mediaXAddrFromServices,
  OnvifParseError,
  parseCapabilities,
  parseDeviceInformation,
  parseServices,
  parseSystemDateAndTime,
  type OnvifCapabilities,
  type OnvifDeviceInformation,
  type OnvifService,
} from './device-parsers.js';
import { onvifError, onvifFailureReason } from './errors.js';
import { parseMediaUri, parseProfiles, type OnvifMediaProfile } from './media-parsers.js';
import { soapEnvelope } from './soap.js';
import { soapPost, type ResolveTarget } from './transport.js';
import { correctHost, hostOf } from './uri.js';
import { createUsernameToken, securityHeader } from './wsse.js';
import { escapeXml, type XmlNode } from './xml.js';

export interface OnvifClientOptions {
  /** The device service, e.g. http://10.0.0.5/onvif/device_service (a discovery result's deviceUrl). */
  deviceUrl: string;
  username?: string;
  password?: string;
  /** Per request, connect to last byte. Default 5000. */
  timeoutMs?: number;
  logger?: Logger;
  /** Clock port for tests. */
  now?: () => number;
  /** Checks every host before a request goes there (admin reach); see SoapPostOptions. */
  resolveTarget?: ResolveTarget | undefined;
}

export interface OnvifStreamUri {
  /** Corrected URI with credentials put in: for the hub's ingest only, never log or return it. */
  uri: string;
  /** The same URI without credentials, safe to show and log. */
  safeUri: string;
  /** Exactly what the device reported. */
  reportedUri: string;
  hostCorrected: boolean;
}

export class OnvifClient {
  private readonly timeoutMs: number;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly reachedHost: string;
  private offsetMs: number | undefined;
  private mediaUrl: string | undefined;

  constructor(private readonly options: OnvifClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.logger = (options.logger ?? silentLogger()).child({ module: 'onvif', device: redactUrl(options.deviceUrl) });
    this.now = options.now ?? Date.now;
    try {
      this.reachedHost = hostOf(options.deviceUrl);
    } catch (error) {
      throw onvifError(
        { reason: 'unreachable', endpoint: redactUrl(options.deviceUrl) },
        'not a valid device address',
        error,
      );
    }
  }

  /** Device clock minus local clock in ms, once known. */
  get clockOffsetMs(): number | undefined {
    return this.offsetMs;
  }

  /** GetSystemDateAndTime without credentials (ONVIF allows it unauthenticated) and remembers the offset. */
  async getSystemDateAndTime(): Promise<{ deviceTime: Date; offsetMs: number }> {
    const sentAt = this.now();
    const body = await this.call(this.options.deviceUrl, 'GetSystemDateAndTime', '<tds:GetSystemDateAndTime/>', false);
    const deviceTime = this.parse('GetSystemDateAndTime', () => parseSystemDateAndTime(body));
    // The device read its clock somewhere during the round trip; its reply has whole seconds only.
    const midpoint = (sentAt + this.now()) / 2;
    this.offsetMs = deviceTime.getTime() - midpoint;
    if (Math.abs(this.offsetMs) > 60_000) {
      this.logger.info(
        { offsetSeconds: Math.round(this.offsetMs / 1000) },
        'device clock differs from ours; compensating',
      );
    }
    return { deviceTime, offsetMs: this.offsetMs };
  }

  async getDeviceInformation(): Promise<OnvifDeviceInformation> {
    const body = await this.call(this.options.deviceUrl, 'GetDeviceInformation', '<tds:GetDeviceInformation/>');
    return this.parse('GetDeviceInformation', () => parseDeviceInformation(body));
  }

  /** Capabilities with every XAddr corrected to the host the hub reached. */
  async getCapabilities(): Promise<OnvifCapabilities> {
    const body = await this.call(
      this.options.deviceUrl,
      'GetCapabilities',
      '<tds:GetCapabilities><tds:Category>All</tds:Category></tds:GetCapabilities>',
    );
    const caps = this.parse('GetCapabilities', () => parseCapabilities(body));
    const fixed: OnvifCapabilities = { ...caps };
    for (const key of ['deviceXAddr', 'mediaXAddr', 'eventsXAddr', 'ptzXAddr', 'imagingXAddr'] as const) {
      const value = caps[key];
      if (value) fixed[key] = this.correct(value).uri;
    }
    return fixed;
  }

  /** Services with every XAddr corrected to the host the hub reached. */
  async getServices(): Promise<OnvifService[]> {
    const body = await this.call(
      this.options.deviceUrl,
      'GetServices',
      '<tds:GetServices><tds:IncludeCapability>false</tds:IncludeCapability></tds:GetServices>',
    );
    return this.parse('GetServices', () => parseServices(body)).map((s) => ({
      ...s,
      xaddr: this.correct(s.xaddr).uri,
    }));
  }

  async getProfiles(): Promise<OnvifMediaProfile[]> {
    const body = await this.call(await this.mediaService(), 'GetProfiles', '<trt:GetProfiles/>');
    return this.parse('GetProfiles', () => parseProfiles(body));
  }

  /** RTSP (RTP-Unicast over RTSP) URI of a profile, host corrected, credentials put in for the hub's own use. */
  async getStreamUri(profileToken: string): Promise<OnvifStreamUri> {
    const request =
      '<trt:GetStreamUri><trt:StreamSetup><tt:Stream>RTP-Unicast</tt:Stream>' +
      '<tt:Transport><tt:Protocol>RTSP</tt:Protocol></tt:Transport></trt:StreamSetup>' +
      `<trt:ProfileToken>${escapeXml(profileToken)}</trt:ProfileToken></trt:GetStreamUri>`;
    const body = await this.call(await this.mediaService(), 'GetStreamUri', request);
    const reportedUri = this.parse('GetStreamUri', () => parseMediaUri(body, 'GetStreamUri'));
    const { uri: safeUri, corrected } = this.correct(reportedUri);
    if (corrected) {
      this.logger.info({ reported: redactUrl(reportedUri), used: redactUrl(safeUri) }, 'stream URI host corrected');
    }
    return {
      uri: withCredentials(safeUri, this.options.username, this.options.password),
      safeUri,
      reportedUri,
      hostCorrected: corrected,
    };
  }

  /** Snapshot (HTTP JPEG) URI of a profile, host corrected, without credentials. */
  async getSnapshotUri(profileToken: string): Promise<string> {
    const request = `<trt:GetSnapshotUri><trt:ProfileToken>${escapeXml(profileToken)}</trt:ProfileToken></trt:GetSnapshotUri>`;
    const body = await this.call(await this.mediaService(), 'GetSnapshotUri', request);
    return this.correct(this.parse('GetSnapshotUri', () => parseMediaUri(body, 'GetSnapshotUri'))).uri;
  }

  /** One signed call to another service of the device (PTZ...), its reply parsed; failures classified as above. */
  async request<T>(serviceUrl: string, operation: string, body: string, parse: (reply: XmlNode) => T): Promise<T> {
    const reply = await this.call(serviceUrl, operation, body);
    return this.parse(operation, () => parse(reply));
  }

  private correct(uri: string): { uri: string; corrected: boolean } {
    return correctHost(uri, this.reachedHost);
  }

  /** The media service address: GetCapabilities, else GetServices, else the device service itself. */
  private async mediaService(): Promise<string> {
    if (this.mediaUrl) return this.mediaUrl;
    let media: string | undefined;
    try {
      media = (await this.getCapabilities()).mediaXAddr;
    } catch (error) {
      // Some newer devices only implement GetServices; anything but "no such operation" is a real failure.
      if (onvifFailureReason(error) !== 'not-onvif' && onvifFailureReason(error) !== 'fault') throw error;
    }
    if (!media) media = mediaXAddrFromServices(await this.getServices());
    this.mediaUrl = media ?? this.options.deviceUrl;
    return this.mediaUrl;
  }

  private async call(url: string, operation: string, request: string, authenticate = true): Promise<XmlNode> {
    let header = '';
    if (authenticate && this.options.username) {
      // The token's Created must be on the device's clock, so learn the offset before the first signed call.
      if (this.offsetMs === undefined) await this.learnOffset();
      const token = createUsernameToken(
        this.options.username,
        this.options.password ?? '',
        this.offsetMs ?? 0,
        this.now(),
      );
      header = securityHeader(token);
    }
    const started = this.now();
    const body = await soapPost({
      url,
      envelope: soapEnvelope(request, header),
      operation,
      timeoutMs: this.timeoutMs,
      resolveTarget: this.options.resolveTarget,
    });
    this.logger.debug({ operation, ms: this.now() - started }, 'onvif call');
    return body;
  }

  /** Like getSystemDateAndTime, but a device that refuses it unauthenticated gets tokens on our clock instead. */
  private async learnOffset(): Promise<void> {
    try {
      await this.getSystemDateAndTime();
    } catch (error) {
      const reason = onvifFailureReason(error);
      if (reason !== 'auth-failed' && reason !== 'fault' && reason !== 'malformed') throw error;
      this.logger.info({ reason }, 'device clock unreadable; signing with the local clock');
      this.offsetMs = 0;
    }
  }

  private parse<T>(operation: string, parse: () => T): T {
    try {
      return parse();
    } catch (error) {
      if (error instanceof OnvifParseError) {
        throw onvifError(
          { reason: 'malformed', endpoint: redactUrl(this.options.deviceUrl), operation },
          `malformed ${operation} reply: ${error.message}`,
          error,
        );
      }
      throw error;
    }
  }
}
