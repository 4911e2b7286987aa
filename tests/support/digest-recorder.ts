// A fake RTSP host on loopback that asks for Digest credentials and records what it gets (never a stream).
import { createHash } from 'node:crypto';
import { createServer, type AddressInfo, type Socket } from 'node:net';

const REALM = 'recorder';
const NONCE = '5f1d2c3b4a69788796a5b4c3d2e1f000';

export interface DigestAnswer {
  username: string;
  uri: string;
  response: string;
  method: string;
}

export interface DigestRecorder {
  port: number;
  /** Every request received, as text. */
  readonly requests: string[];
  /** The Digest answers received, parsed. */
  answers(): DigestAnswer[];
  /** True when `answer` was computed with `password` (RFC 2617 without qop, as ffmpeg answers this challenge). */
  madeWith(answer: DigestAnswer, password: string): boolean;
  stop(): Promise<void>;
}

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

function parseAnswer(request: string): DigestAnswer | undefined {
  const header = /^Authorization:\s*Digest\s+(.*)$/im.exec(request)?.[1];
  if (!header) return undefined;
  const field = (name: string): string => new RegExp(`${name}="([^"]*)"`).exec(header)?.[1] ?? '';
  return {
    username: field('username'),
    uri: field('uri'),
    response: field('response'),
    method: /^(\w+)\s/.exec(request)?.[1] ?? '',
  };
}

/**
 * Answers every request with 401 and a Digest challenge. With `hangAfterAnswer`, a request that carries an answer
 * gets no reply at all: the client waits (a probe in flight, for as long as the test needs).
 */
export async function startDigestRecorder(options: { hangAfterAnswer?: boolean } = {}): Promise<DigestRecorder> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('data', (chunk) => {
      const text = chunk.toString('latin1');
      requests.push(text);
      if (options.hangAfterAnswer && parseAnswer(text)) return;
      const cseq = /CSeq:\s*(\d+)/i.exec(text)?.[1] ?? '1';
      socket.write(
        `RTSP/1.0 401 Unauthorized\r\nCSeq: ${cseq}\r\nWWW-Authenticate: Digest realm="${REALM}", nonce="${NONCE}"\r\n\r\n`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    answers: () => requests.flatMap((request) => parseAnswer(request) ?? []),
    madeWith: (answer, password) => {
      const ha1 = md5(`${answer.username}:${REALM}:${password}`);
      const ha2 = md5(`${answer.method}:${answer.uri}`);
      return answer.response === md5(`${ha1}:${NONCE}:${ha2}`);
    },
    stop: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
