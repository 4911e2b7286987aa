// WS-Discovery: a multicast Probe from one chosen interface, or a unicast sweep of a host list; bounded time, de-duplicated.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIPv4 } from 'node:net';
import type { Logger } from '../shared/index.js';
import { errorMessage, silentLogger, VigilError } from '../shared/index.js';
import {
  buildProbe,
  describeScopes,
  newMessageId,
  parseProbeMatches,
  WS_DISCOVERY_GROUP,
  WS_DISCOVERY_PORT,
  type ProbeMatch,
} from './discovery-messages.js';
import { expandHosts } from './hosts.js';
import { correctHost, hostOf } from './uri.js';

export interface DiscoveredDevice {
  endpointReference: string;
  /** The device service to give OnvifClient: the advertised XAddr on the address that answered (see correctHost). */
  deviceUrl: string;
  /** XAddrs as advertised. */
  xaddrs: string[];
  /** The source address of the ProbeMatch. */
  address: string;
  types: string[];
  scopes: string[];
  name?: string;
  hardware?: string;
  location?: string;
}

export interface DiscoveryResult {
  devices: DiscoveredDevice[];
  /** Datagrams dropped: garbage, truncated XML, non-ProbeMatch messages, replies to another probe (duplicates are folded, not counted). */
  ignoredReplies: number;
}

export interface MulticastDiscoveryOptions {
  /** IPv4 address of the interface to probe from; required so a probe never leaves on every interface. */
  interfaceAddress: string;
  /** How long to collect ProbeMatches. Default 3000 ms (devices answer within a random 0-500 ms by spec). */
  timeoutMs?: number;
  /** Destination port, default 3702. */
  port?: number;
  /** Multicast TTL; default 1 so the probe stays on the local link. */
  ttl?: number;
  logger?: Logger;
}

export interface UnicastDiscoveryOptions {
  /** Addresses, CIDR blocks or a-b ranges (see expandHosts). */
  hosts: string | readonly string[];
  /** Destination port, default 3702 (tests use another on loopback). */
  port?: number;
  /** Local address to send from; default any. */
  bindAddress?: string;
  /** Probes sent per batch; default 64. */
  concurrency?: number;
  /** Pause between batches; default 20 ms. */
  batchIntervalMs?: number;
  /** How long to wait for replies after the last probe. Default 1500 ms. */
  replyWaitMs?: number;
  /** Hard limit for the whole sweep. Default 15000 ms. */
  timeoutMs?: number;
  /** Called after each batch with the probes sent so far and the number of hosts. */
  onProgress?: (sent: number, total: number) => void;
  logger?: Logger;
}

/** Sends a multicast Probe from `interfaceAddress` and collects ProbeMatches until the timeout. */
export async function discoverMulticast(options: MulticastDiscoveryOptions): Promise<DiscoveryResult> {
  if (!isIPv4(options.interfaceAddress)) {
    throw new VigilError(
      'VIGIL_VALIDATION',
      `interfaceAddress must be an IPv4 address, got ${options.interfaceAddress}`,
    );
  }
  const timeoutMs = options.timeoutMs ?? 3000;
  const collector = new ProbeCollector(options.logger);
  const socket = await openSocket(options.interfaceAddress, collector);
  try {
    socket.setMulticastInterface(options.interfaceAddress);
    socket.setMulticastTTL(options.ttl ?? 1);
    const probe = Buffer.from(buildProbe(collector.messageId));
    const port = options.port ?? WS_DISCOVERY_PORT;
    // UDP may drop one datagram: WS-Discovery repeats the probe; duplicates are folded by endpoint reference.
    await send(socket, probe, port, WS_DISCOVERY_GROUP);
    await sleep(Math.min(200, timeoutMs / 4));
    await send(socket, probe, port, WS_DISCOVERY_GROUP);
    await sleep(timeoutMs - Math.min(200, timeoutMs / 4));
  } finally {
    socket.close();
  }
  return collector.result();
}

/** Sends a unicast Probe to every host (in paced batches) and collects ProbeMatches; bounded by timeoutMs. */
export async function discoverUnicast(options: UnicastDiscoveryOptions): Promise<DiscoveryResult> {
  const hosts = expandHosts(options.hosts);
  const port = options.port ?? WS_DISCOVERY_PORT;
  const concurrency = Math.max(1, options.concurrency ?? 64);
  const interval = options.batchIntervalMs ?? 20;
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  const collector = new ProbeCollector(options.logger);
  const socket = await openSocket(options.bindAddress ?? '0.0.0.0', collector);
  try {
    const probe = Buffer.from(buildProbe(collector.messageId));
    for (let i = 0; i < hosts.length && Date.now() < deadline; i += concurrency) {
      const batch = hosts.slice(i, i + concurrency);
      await Promise.all(
        batch.map((host) =>
          send(socket, probe, port, host).catch((error: unknown) => {
            // One unroutable host (EHOSTUNREACH, ENETUNREACH) must not end the sweep.
            collector.logger.debug({ host, error: errorMessage(error) }, 'probe not sent');
          }),
        ),
      );
      options.onProgress?.(Math.min(i + concurrency, hosts.length), hosts.length);
      if (i + concurrency < hosts.length) await sleep(interval);
    }
    await sleep(Math.max(0, Math.min(options.replyWaitMs ?? 1500, deadline - Date.now())));
  } finally {
    socket.close();
  }
  return collector.result();
}

class ProbeCollector {
  readonly messageId = newMessageId();
  readonly logger: Logger;
  private readonly devices = new Map<string, DiscoveredDevice>();
  private ignored = 0;

  constructor(logger: Logger | undefined) {
    this.logger = (logger ?? silentLogger()).child({ module: 'onvif-discovery' });
  }

  onMessage(message: Buffer, from: RemoteInfo): void {
    let matches: ProbeMatch[];
    try {
      matches = parseProbeMatches(message.toString('utf8'));
    } catch (error) {
      this.ignored++;
      this.logger.debug({ from: from.address, error: errorMessage(error) }, 'ignored a discovery datagram');
      return;
    }
    for (const match of matches) {
      if (match.relatesTo !== undefined && match.relatesTo !== this.messageId) {
        this.ignored++;
        continue;
      }
      if (this.devices.has(match.endpointReference)) continue;
      this.devices.set(match.endpointReference, toDevice(match, from.address));
    }
  }

  result(): DiscoveryResult {
    return { devices: [...this.devices.values()], ignoredReplies: this.ignored };
  }
}

function toDevice(match: ProbeMatch, address: string): DiscoveredDevice {
  // Prefer an XAddr on the address that answered; otherwise the first one, moved to that address.
  const onResponder = match.xaddrs.find((x) => safeHost(x) === address);
  const deviceUrl = onResponder ?? correctHost(match.xaddrs[0]!, address).uri;
  return {
    endpointReference: match.endpointReference,
    deviceUrl,
    xaddrs: match.xaddrs,
    address,
    types: match.types,
    scopes: match.scopes,
    ...describeScopes(match.scopes),
  };
}

function safeHost(url: string): string | undefined {
  try {
    return hostOf(url);
  } catch {
    // An XAddr that is not a URL cannot be the one to use.
    return undefined;
  }
}

function openSocket(address: string, collector: ProbeCollector): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type: 'udp4' });
    socket.on('message', (msg, rinfo) => collector.onMessage(msg, rinfo));
    socket.once('error', (error) => {
      reject(
        new VigilError('VIGIL_UNAVAILABLE', `cannot open a discovery socket on ${address}: ${error.message}`, {
          cause: error,
        }),
      );
    });
    socket.bind({ address, port: 0, exclusive: true }, () => {
      // After bind, later socket errors (ICMP unreachable on some stacks) are logged, not thrown.
      socket.removeAllListeners('error');
      socket.on('error', (error) => collector.logger.debug({ error: error.message }, 'discovery socket error'));
      resolve(socket);
    });
  });
}

function send(socket: Socket, data: Buffer, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) =>
    socket.send(data, port, host, (error) => (error ? reject(error) : resolve())),
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
