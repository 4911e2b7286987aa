// PTZ of one ONVIF device: finds the PTZ service and a media profile once, then moves, stops and keeps presets.
import { OnvifClient, type OnvifClientOptions } from './client.js';
import { onvifFailureReason } from './errors.js';
import {
  continuousMoveRequest,
  expectResponse,
  getPresetsRequest,
  getStatusRequest,
  gotoPresetRequest,
  parsePresets,
  parseSetPreset,
  parseStatus,
  PTZ_NS,
  removePresetRequest,
  setPresetRequest,
  stopRequest,
  type OnvifPreset,
  type OnvifPtzStatus,
  type PtzVector,
} from './ptz-messages.js';

export class OnvifPtzClient {
  private constructor(
    private readonly client: OnvifClient,
    /** The PTZ service address, corrected to the host the hub reached. */
    readonly serviceUrl: string,
    /** The media profile whose PTZ configuration every call names. */
    readonly profileToken: string,
  ) {}

  /**
   * The device's PTZ, or undefined when it has no PTZ service or no profile. Throws the device client's classified
   * errors (unreachable, auth-failed...) when the device cannot be asked.
   */
  static async connect(options: OnvifClientOptions): Promise<OnvifPtzClient | undefined> {
    const client = new OnvifClient(options);
    const serviceUrl = await ptzService(client);
    if (!serviceUrl) return undefined;
    const profile = (await client.getProfiles())[0];
    return profile ? new OnvifPtzClient(client, serviceUrl, profile.token) : undefined;
  }

  /** Moves at these speeds (-1..1) until stop() or, with a timeout, until the device stops by itself. */
  async continuousMove(velocity: PtzVector, timeoutMs?: number): Promise<void> {
    await this.send('ContinuousMove', continuousMoveRequest(this.profileToken, velocity, timeoutMs));
  }

  async stop(): Promise<void> {
    await this.send('Stop', stopRequest(this.profileToken));
  }

  getPresets(): Promise<OnvifPreset[]> {
    return this.client.request(this.serviceUrl, 'GetPresets', getPresetsRequest(this.profileToken), parsePresets);
  }

  async gotoPreset(presetToken: string): Promise<void> {
    await this.send('GotoPreset', gotoPresetRequest(this.profileToken, presetToken));
  }

  /** Stores the current position as a preset (a new one, or `presetToken` overwritten); returns its token. */
  setPreset(name: string, presetToken?: string): Promise<string> {
    const request = setPresetRequest(this.profileToken, name, presetToken);
    return this.client.request(this.serviceUrl, 'SetPreset', request, parseSetPreset);
  }

  async removePreset(presetToken: string): Promise<void> {
    await this.send('RemovePreset', removePresetRequest(this.profileToken, presetToken));
  }

  getStatus(): Promise<OnvifPtzStatus> {
    return this.client.request(this.serviceUrl, 'GetStatus', getStatusRequest(this.profileToken), parseStatus);
  }

  private send(operation: string, request: string): Promise<void> {
    return this.client.request(this.serviceUrl, operation, request, (body) =>
      expectResponse(body, `${operation}Response`),
    );
  }
}

/** The PTZ XAddr: GetCapabilities, else GetServices (newer devices), else none. */
async function ptzService(client: OnvifClient): Promise<string | undefined> {
  try {
    const fromCapabilities = (await client.getCapabilities()).ptzXAddr;
    if (fromCapabilities) return fromCapabilities;
  } catch (error) {
    const reason = onvifFailureReason(error);
    if (reason !== 'not-onvif' && reason !== 'fault') throw error;
  }
  try {
    return (await client.getServices()).find((service) => service.namespace === PTZ_NS)?.xaddr;
  } catch (error) {
    const reason = onvifFailureReason(error);
    if (reason !== 'not-onvif' && reason !== 'fault') throw error;
    return undefined;
  }
}
