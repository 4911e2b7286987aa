// WS-Discovery responder of a simulated device: answers Probe (multicast on one interface, or unicast) with a ProbeMatch.
import { randomUUID } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Logger } from '../shared/index.js';
import { silentLogger } from '../shared/index.js';
import { escape } from './onvif-soap.js';

export interface WsDiscoveryResponderOptions {
  /** IPv4 address of the interface whose multicast group membership is joined (and, unicast-only, bound). */
  interfaceAddress: string;
  /** UDP port; default 3702. Loopback tests pass 0 (a free port) with multicast false. */
  port?: number;
  /** Join 239.255.255.250 on interfaceAddress (default true). Only ever inside a test's network namespace. */
  multicast?: boolean;
  endpointReference: string;
  xaddr: string;
  scopes: string[];
  logger?: Logger;
}

const GROUP = '239.255.255.250';
const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, trimValues: true });

type Tree = { [key: string]: unknown };
const node = (v: unknown): Tree | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Tree) : undefined;
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof node(v)?.['#text'] === 'string' ? (node(v)?.['#text'] as string) : undefined;

export class WsDiscoveryResponder {
  private socket: Socket | undefined;
  private readonly logger: Logger;
  private messageNumber = 0;

  constructor(private readonly options: WsDiscoveryResponderOptions) {
    this.logger = (options.logger ?? silentLogger()).child({ module: 'ws-discovery-responder' });
  }

  get port(): number | undefined {
    return this.socket?.address().port;
  }

  async start(): Promise<void> {
    const multicast = this.options.multicast ?? true;
    // Multicast datagrams are only delivered to a socket bound to the wildcard (or the group) address on Linux.
    const socket = createSocket({ type: 'udp4', reuseAddr: true });
    socket.on('message', (msg, rinfo) => this.onMessage(msg, rinfo));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(
        { port: this.options.port ?? 3702, address: multicast ? '0.0.0.0' : this.options.interfaceAddress },
        () => {
          socket.removeListener('error', reject);
          resolve();
        },
      );
    });
    socket.on('error', (error) => this.logger.warn({ error: error.message }, 'discovery socket error'));
    if (multicast) socket.addMembership(GROUP, this.options.interfaceAddress);
    this.socket = socket;
  }

  async stop(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  private onMessage(msg: Buffer, rinfo: RemoteInfo): void {
    const text = msg.toString('utf8');
    if (XMLValidator.validate(text) !== true) return;
    const envelope = node(node(parser.parse(text))?.['Envelope']);
    const probe = node(envelope?.['Body'])?.['Probe'];
    if (probe === undefined) return;
    const messageId = str(node(envelope?.['Header'])?.['MessageID']);
    if (!messageId) return;
    const types = (str(node(probe)?.['Types']) ?? '').split(/\s+/).filter((t) => t !== '');
    const wanted = types.map((t) => t.slice(t.indexOf(':') + 1));
    if (wanted.length > 0 && !wanted.some((t) => t === 'NetworkVideoTransmitter' || t === 'Device')) return;
    // Real devices wait a random delay (up to APP_MAX_DELAY, 500 ms) so replies do not collide; 0-100 ms keeps tests quick.
    const delay = Math.floor(Math.random() * 100);
    setTimeout(() => this.socket?.send(this.probeMatch(messageId), rinfo.port, rinfo.address), delay);
  }

  private probeMatch(relatesTo: string): Buffer {
    const { endpointReference, xaddr, scopes } = this.options;
    return Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?>' +
        '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" ' +
        'xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing" ' +
        'xmlns:wsdd="http://schemas.xmlsoap.org/ws/2005/04/discovery" ' +
        'xmlns:dn="http://www.onvif.org/ver10/network/wsdl" xmlns:tds="http://www.onvif.org/ver10/device/wsdl">' +
        '<SOAP-ENV:Header>' +
        `<wsa:MessageID>urn:uuid:${randomUUID()}</wsa:MessageID>` +
        `<wsa:RelatesTo>${escape(relatesTo)}</wsa:RelatesTo>` +
        '<wsa:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:To>' +
        '<wsa:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</wsa:Action>' +
        `<wsdd:AppSequence InstanceId="1" MessageNumber="${++this.messageNumber}"/>` +
        '</SOAP-ENV:Header><SOAP-ENV:Body><wsdd:ProbeMatches><wsdd:ProbeMatch>' +
        `<wsa:EndpointReference><wsa:Address>${escape(endpointReference)}</wsa:Address></wsa:EndpointReference>` +
        '<wsdd:Types>dn:NetworkVideoTransmitter tds:Device</wsdd:Types>' +
        `<wsdd:Scopes>${scopes.map(escape).join(' ')}</wsdd:Scopes>` +
        `<wsdd:XAddrs>${escape(xaddr)}</wsdd:XAddrs><wsdd:MetadataVersion>1</wsdd:MetadataVersion>` +
        '</wsdd:ProbeMatch></wsdd:ProbeMatches></SOAP-ENV:Body></SOAP-ENV:Envelope>',
    );
  }
}
