// The server's RTP/RTCP UDP port pair (even/odd, as RFC 3550 recommends), shared by every UDP client.
import { createSocket, type Socket as DgramSocket } from 'node:dgram';
import type { Logger } from '../shared/index.js';

export interface UdpPair {
  rtp: DgramSocket;
  rtcp: DgramSocket;
  rtpPort: number;
  rtcpPort: number;
}

/** Opens the pair on `host`; `onPacket` hears every datagram's sender (client RTCP keeps UDP sessions alive). */
export async function openUdpPair(
  host: string,
  onPacket: (address: string, port: number) => void,
  logger: Logger,
): Promise<UdpPair> {
  const type = host.includes(':') ? 'udp6' : 'udp4';
  const bind = (port: number): Promise<DgramSocket> =>
    new Promise((resolve, reject) => {
      const socket = createSocket(type);
      socket.once('error', reject);
      socket.bind(port, host, () => {
        socket.off('error', reject);
        resolve(socket);
      });
    });
  for (let attempt = 0; attempt < 50; attempt++) {
    // Random even port: binding port 0 twice would not give adjacent ports.
    const rtpPort = 20_000 + 2 * Math.floor(Math.random() * 20_000);
    let rtp: DgramSocket | undefined;
    try {
      rtp = await bind(rtpPort);
      const rtcp = await bind(rtpPort + 1);
      for (const socket of [rtp, rtcp]) {
        socket.on('error', (error) => logger.debug({ err: error }, 'UDP socket error'));
        // The content (receiver reports, NAT punches) is not needed, only that the client is alive.
        socket.on('message', (_msg, from) => onPacket(from.address.replace(/^::ffff:/, ''), from.port));
      }
      return { rtp, rtcp, rtpPort, rtcpPort: rtpPort + 1 };
    } catch (error) {
      logger.debug({ err: error, rtpPort }, 'UDP port pair taken, trying another');
      rtp?.close();
    }
  }
  throw new Error('no free UDP port pair for RTP');
}
