// The connection door: slow clients that never finish their request head, and hundreds of idle sockets.
import type { Socket } from 'node:net';
import type { Case } from './malformed-cases.js';
import { RTMP_CLOSE_BOUND_MS } from './malformed-rtmp.js';
import { encodeRequest, exchange, judge, openSocket, readAnswer } from './raw-http.js';

/**
 * A request head must be complete within the server's headers timeout; Node's default is 60 s, enforced by a check
 * every 30 s (connectionsCheckingInterval), so a trickling client is dropped 60 to 90 s after its first byte.
 */
export const SLOWLORIS_BOUND_MS = 100_000;
const TRICKLE_EVERY_MS = 1_000;

/** A client that sends a request line, then one header line a second, and never the blank line that ends the head. */
function slowloris(index: number): Case {
  return {
    door: 'connections',
    name: `slowloris ${index}: a header line a second, never finished`,
    run: async (target) => {
      const socket = await openSocket(target.httpPort);
      const answer = readAnswer(socket, SLOWLORIS_BOUND_MS);
      socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
      let line = 0;
      const timer = setInterval(() => {
        if (!socket.destroyed) socket.write(`X-Slow-${line++}: ${'s'.repeat(20)}\r\n`);
      }, TRICKLE_EVERY_MS);
      const result = await answer;
      clearInterval(timer);
      return judge(result, 'reject');
    },
  };
}

export const slowlorisCases = (count: number): Case[] => Array.from({ length: count }, (_, i) => slowloris(i + 1));

/** Opens `count` connections that send nothing; resolves once all are connected (or refused). */
async function openIdle(port: number, count: number): Promise<{ sockets: Socket[]; refused: number }> {
  const results = await Promise.allSettled(Array.from({ length: count }, () => openSocket(port)));
  const sockets = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  for (const socket of sockets) socket.on('error', () => socket.destroy());
  return { sockets, refused: count - sockets.length };
}

/**
 * `count` idle sockets held while `probe` runs (it must find the hub answering); the test closes them afterwards.
 * Refusing some of them is the hub's right; not answering others while they are open is not.
 */
export function idleHttpCase(count: number, probe: () => Promise<string | undefined>): Case {
  return {
    door: 'connections',
    name: `${count} idle sockets on the HTTP port`,
    run: async (target) => {
      const { sockets } = await openIdle(target.httpPort, count);
      try {
        return await probe();
      } finally {
        for (const socket of sockets) socket.destroy();
      }
    },
  };
}

/** Idle sockets on the RTMP port: the gateway must end each by its start deadline. */
export function idleRtmpCase(count: number): Case {
  return {
    door: 'connections',
    name: `${count} idle sockets on the RTMP port`,
    run: async (target) => {
      const { sockets } = await openIdle(target.rtmpPort, count);
      const answers = await Promise.all(sockets.map((socket) => readAnswer(socket, RTMP_CLOSE_BOUND_MS)));
      const open = answers.filter((answer) => !answer.closed).length;
      return open > 0 ? `${open} of ${count} idle RTMP sockets still open after ${RTMP_CLOSE_BOUND_MS} ms` : undefined;
    },
  };
}

/** Requests the camera list `times` times on fresh connections; says which answer was missing, wrong or late. */
export async function answersWithin(
  port: number,
  cookie: string,
  budgetMs: number,
  times = 5,
): Promise<string | undefined> {
  for (let i = 0; i < times; i++) {
    const request = encodeRequest({ method: 'GET', target: '/api/cameras', headers: [['Cookie', cookie]] });
    const answer = await exchange(port, request, { timeoutMs: budgetMs * 5 });
    if (answer.status !== 200) return `GET /api/cameras answered ${answer.status ?? 'nothing'} (${answer.ms} ms)`;
    if (answer.ms > budgetMs) return `GET /api/cameras took ${answer.ms} ms`;
  }
  return undefined;
}
