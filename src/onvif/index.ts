// ONVIF: WS-Discovery (multicast from one interface, unicast sweeps) and the device client (info, profiles, stream URIs).
export { OnvifClient, type OnvifClientOptions, type OnvifStreamUri } from './client.js';
export {
  discoverMulticast,
  discoverUnicast,
  type DiscoveredDevice,
  type DiscoveryResult,
  type MulticastDiscoveryOptions,
  type UnicastDiscoveryOptions,
} from './discovery.js';
export { probeOnvifDevice, preferredProfile, type OnvifProbeResult, type ProbedProfile } from './probe.js';
export { onvifFailureReason, type OnvifFailureReason, type OnvifErrorDetails } from './errors.js';
export { expandHosts, MAX_SWEEP_HOSTS } from './hosts.js';
export type { ResolveTarget } from './transport.js';
export type { OnvifCapabilities, OnvifDeviceInformation, OnvifService } from './device-parsers.js';
export type { OnvifEncoding, OnvifMediaProfile } from './media-parsers.js';
export { WS_DISCOVERY_GROUP, WS_DISCOVERY_PORT } from './discovery-messages.js';
export { OnvifPtzClient } from './ptz-client.js';
export type { OnvifPreset, OnvifPtzStatus, PtzVector } from './ptz-messages.js';
export { parseXml } from './xml.js';
