// The socket.io door: handshakes (polling and WebSocket) with malformed cookies, origins and queries; bad packets and frames.
import { ANSWER_TIMEOUT_MS, httpCase, type Case, type Target } from './malformed-cases.js';
import { encodeRequest, exchange, judge, type HeaderList, type RawAnswer } from './raw-http.js';
import { frame, upgradeHeaders, wsConnect, type WsPeer } from './ws-peer.js';

const POLLING = '/socket.io/?EIO=4&transport=polling';
const WEBSOCKET = '/socket.io/?EIO=4&transport=websocket';
/** How long a CONNECT may take to be answered, or a protocol error to end the connection. */
const SOCKET_ANSWER_MS = 5_000;

/** What the CONNECT of a session must come to: the hub's own session is accepted, a broken one refused. */
type Verdict = 'connect' | 'refuse' | 'either';

const COOKIES: ReadonlyArray<readonly [string, (t: Target) => string | undefined, Verdict]> = [
  ['no cookie', () => undefined, 'refuse'],
  ['valid session', (t) => t.cookies.inspector, 'connect'],
  ['cookie %E0%A4%A', () => 'vigil_session=%E0%A4%A', 'refuse'],
  ['cookie lone %', () => 'vigil_session=%', 'refuse'],
  ['cookie %zz', () => 'vigil_session=%zz', 'refuse'],
  ['cookie of 8 kB', () => `vigil_session=${'A'.repeat(8192)}`, 'refuse'],
  ['duplicate cookie, a malformed one first', (t) => `vigil_session=%zz; ${t.cookies.inspector}`, 'either'],
];
const ORIGINS: ReadonlyArray<readonly [string, string | undefined]> = [
  ['no origin', undefined],
  ['origin null', 'null'],
  ['foreign origin', 'http://evil.example'],
  ['origin of raw bytes', '\xff\xfe\xc3\x28'],
  ['origin of 10 kB', `http://${'o'.repeat(10_240)}.example`],
  ['origin with a bad escape', 'http://127.0.0.1:1/%E0%A4%A'],
];

const headersOf = (cookie: string | undefined, origin: string | undefined): HeaderList => [
  ...(cookie === undefined ? [] : [['Cookie', cookie] as const]),
  ...(origin === undefined ? [] : [['Origin', Buffer.from(origin, 'latin1')] as const]),
];

const send = (port: number, method: string, target: string, headers: HeaderList, body?: Buffer | string) =>
  exchange(
    port,
    encodeRequest({
      method,
      target,
      headers: [...headers, ...(body === undefined ? [] : [['Content-Type', 'text/plain;charset=UTF-8'] as const])],
      ...(body === undefined ? {} : { body }),
    }),
    { timeoutMs: ANSWER_TIMEOUT_MS },
  );

const bodyOf = (answer: RawAnswer): string => answer.text.slice(answer.text.indexOf('\r\n\r\n') + 4);
/** A CONNECT acknowledged: `40{"sid":…}`, alone or among the packets of a polling payload (separated by 0x1e). */
const acknowledged = (payload: string): boolean => payload.split('\x1e').some((packet) => packet.startsWith('40{'));

/** A foreign or odd origin may be refused even with a valid session. */
const withOrigin = (verdict: Verdict, origin: string | undefined): Verdict =>
  origin === undefined || verdict !== 'connect' ? verdict : 'either';

/** Why a CONNECT outcome is wrong for the session it came from. */
function checkConnect(connected: boolean, verdict: Verdict): string | undefined {
  if (connected && verdict === 'refuse') return 'connected without a valid session';
  if (!connected && verdict === 'connect') return 'a valid session was not connected';
  return undefined;
}

interface PollingSession {
  url: string;
  /** Why opening failed, or undefined. */
  problem: string | undefined;
  connected: boolean;
}

/** An engine.io polling handshake, then a socket.io CONNECT and the poll that answers it. */
async function openPolling(port: number, headers: HeaderList, query = ''): Promise<PollingSession> {
  const none = (problem: string | undefined): PollingSession => ({ url: '', problem, connected: false });
  const open = await send(port, 'GET', POLLING + query, headers);
  const why = judge(open, 'tolerate');
  if (why || open.status !== 200) return none(why && `handshake: ${why}`);
  const sid = /"sid":"([^"]+)"/.exec(open.text)?.[1];
  if (!sid) return none('a 200 handshake without a session id');
  const url = `${POLLING}&sid=${encodeURIComponent(sid)}`;
  const connect = await send(port, 'POST', url, headers, '40');
  const poll = await send(port, 'GET', url, headers);
  const problem = judge(connect, 'tolerate') ?? judge(poll, 'tolerate');
  return { url, problem: problem && `CONNECT: ${problem}`, connected: acknowledged(bodyOf(poll)) };
}

function pollingHandshakes(): Case[] {
  return COOKIES.flatMap(([cookieName, cookie, verdict]) =>
    ORIGINS.map(([originName, origin]) => ({
      door: 'socket.io' as const,
      name: `polling handshake · ${cookieName} · ${originName}`,
      run: async (t: Target) => {
        const headers = headersOf(cookie(t), origin);
        const session = await openPolling(t.httpPort, headers);
        if (session.problem || !session.url) return session.problem;
        const close = await send(t.httpPort, 'POST', session.url, headers, '1');
        return checkConnect(session.connected, withOrigin(verdict, origin)) ?? judge(close, 'tolerate');
      },
    })),
  );
}

function badQueries(): Case[] {
  const queries: ReadonlyArray<readonly [string, string, 'reject' | 'tolerate']> = [
    ['EIO=3', '/socket.io/?EIO=3&transport=polling', 'reject'],
    ['EIO=5', '/socket.io/?EIO=5&transport=polling', 'reject'],
    ['EIO=%ff', '/socket.io/?EIO=%ff&transport=polling', 'reject'],
    ['no EIO', '/socket.io/?transport=polling', 'reject'],
    ['transport=bogus', '/socket.io/?EIO=4&transport=bogus', 'reject'],
    ['transport=websocket without an upgrade', WEBSOCKET, 'reject'],
    ['unknown sid', `${POLLING}&sid=nope`, 'reject'],
    ['sid with NUL and bad escapes', `${POLLING}&sid=%00%E0%A4%A`, 'reject'],
    ['EIO twice', `${POLLING}&EIO=4`, 'tolerate'],
    ['JSONP j=1', `${POLLING}&j=1`, 'tolerate'],
    ['b64=1', `${POLLING}&b64=1`, 'tolerate'],
    ['t of 10 kB', `${POLLING}&t=${'t'.repeat(10_240)}`, 'tolerate'],
    ['path /socket.io/%2e%2e/', '/socket.io/%2e%2e/?EIO=4&transport=polling', 'tolerate'],
    ['path with raw bytes', '/socket.io/\xff\xfe?EIO=4&transport=polling', 'tolerate'],
  ];
  return queries.map(([name, target, expectation]) =>
    httpCase('socket.io', `query ${name}`, expectation, (t) => ({
      method: 'GET',
      target: Buffer.from(target, 'latin1'),
      headers: [['Cookie', t.cookies.inspector]],
    })),
  );
}

/** Resolves true once the upgrade is answered with 101; false for any other answer, a close or no answer. */
const upgraded = async (peer: WsPeer): Promise<boolean> =>
  (await peer.until(() => peer.status !== undefined || peer.closed, ANSWER_TIMEOUT_MS)) && peer.status === 101;

/** Sends CONNECT over an upgraded WebSocket (after engine.io's open packet) and waits for its answer. */
async function wsConnectPacket(peer: WsPeer): Promise<'connected' | 'refused' | 'silent'> {
  peer.send(frame(1, '40'));
  const answered = await peer.until(() => peer.closed || peer.texts.some((t) => /^4[04]/.test(t)), SOCKET_ANSWER_MS);
  if (peer.texts.some((t) => t.startsWith('40{'))) return 'connected';
  return answered ? 'refused' : 'silent';
}

function wsHandshakes(): Case[] {
  const variants = COOKIES.flatMap(([cookieName, cookie, verdict]) =>
    ORIGINS.filter(([, origin]) => origin === undefined || origin === 'http://evil.example').map(
      ([originName, origin]) => ({
        name: `websocket handshake · ${cookieName} · ${originName}`,
        headers: (t: Target) => [...upgradeHeaders(), ...headersOf(cookie(t), origin)],
        verdict: withOrigin(verdict, origin),
      }),
    ),
  );
  return variants.map((v) => ({
    door: 'socket.io' as const,
    name: v.name,
    run: async (t: Target) => {
      const peer = await wsConnect(t.httpPort, WEBSOCKET, v.headers(t));
      try {
        if (!(await upgraded(peer)) && peer.status === undefined) return 'no answer to the upgrade';
        if (peer.status !== 101)
          return judge({ status: peer.status, text: peer.head, closed: true, hung: false, ms: 0 }, 'tolerate');
        const outcome = await wsConnectPacket(peer);
        if (outcome === 'silent') return 'no answer to CONNECT';
        return checkConnect(outcome === 'connected', v.verdict);
      } finally {
        peer.close();
      }
    },
  }));
}

/** Upgrades that are malformed themselves: refused with a 4xx or a close. */
function badUpgrades(): Case[] {
  const key = (): HeaderList => upgradeHeaders().filter(([name]) => name !== 'Sec-WebSocket-Key');
  const version = (value: string): HeaderList => [
    ...upgradeHeaders().filter(([name]) => name !== 'Sec-WebSocket-Version'),
    ['Sec-WebSocket-Version', value],
  ];
  const upgrades: ReadonlyArray<readonly [string, string, () => HeaderList]> = [
    ['without Sec-WebSocket-Key', WEBSOCKET, key],
    ['Sec-WebSocket-Version 99', WEBSOCKET, () => version('99')],
    ['Sec-WebSocket-Version of raw bytes', WEBSOCKET, () => version('\xff\xfe')],
    ['a key that is no base64 nonce', WEBSOCKET, () => [...key(), ['Sec-WebSocket-Key', '%%%']]],
    ['Upgrade: websocketx', WEBSOCKET, () => [['Upgrade', 'websocketx'], ...upgradeHeaders().slice(1)]],
    ['an upgrade on the polling transport', POLLING, upgradeHeaders],
    ['an upgrade with an unknown sid', `${WEBSOCKET}&sid=nope`, upgradeHeaders],
    // Only the realtime path upgrades; elsewhere an upgrade would open sessions past whatever guards that path.
    ['an upgrade outside /socket.io/', '/api/cameras?EIO=4&transport=websocket', upgradeHeaders],
  ];
  return upgrades.map(([name, target, headers]) => ({
    door: 'socket.io' as const,
    name: `websocket upgrade ${name}`,
    run: async (t: Target) => {
      const peer = await wsConnect(t.httpPort, target, [...headers(), ['Cookie', t.cookies.inspector]]);
      const ended = await peer.until(
        () => peer.closed || (peer.status !== undefined && peer.status !== 101),
        ANSWER_TIMEOUT_MS,
      );
      peer.close();
      if (!ended) return peer.status === 101 ? 'accepted a malformed upgrade' : 'no answer and no close';
      // Upgraded, then closed at once (a transport that takes no upgrade): refused all the same.
      if (peer.status === 101) return undefined;
      return judge({ status: peer.status, text: peer.head, closed: true, hung: false, ms: 0 }, 'reject');
    },
  }));
}

const deep = (depth: number): string => `42${'['.repeat(depth)}${']'.repeat(depth)}`;
/** Frames that break the WebSocket protocol: the hub must end the connection. */
const PROTOCOL_ERRORS: ReadonlyArray<readonly [string, () => Buffer]> = [
  ['an unmasked frame', () => frame(1, '42["x"]', { mask: false })],
  ['RSV bits set', () => frame(1, '42["x"]', { rsv: 7 })],
  ['reserved opcode 3', () => frame(3, 'x')],
  ['a length of 2^62 announced', () => frame(2, 'x', { announce: 2n ** 62n })],
  ['a 2 MB text frame', () => frame(1, `42["${'x'.repeat(2 * 1024 * 1024)}"]`)],
  ['a ping of 200 bytes', () => frame(9, Buffer.alloc(200))],
  ['a fragmented ping', () => frame(9, 'x', { fin: false })],
  ['a continuation with nothing before it', () => frame(0, 'x')],
  ['a text frame of invalid UTF-8', () => frame(1, Buffer.from([0x34, 0x32, 0xff, 0xfe, 0xc3, 0x28]))],
  ['a close frame with code 1', () => frame(8, Buffer.from([0, 1]))],
];
/** socket.io packets that are garbage but well-framed: the hub may drop the socket or ignore them. */
const BAD_PACKETS: ReadonlyArray<readonly [string, string | Buffer]> = [
  ['noise', 'zzz'],
  ['empty', ''],
  ['bare 4', '4'],
  ['bare 42', '42'],
  ['42[ cut short', '42['],
  ['42["x" unterminated', '42["x"'],
  ['an event named __proto__', '42["__proto__",{"__proto__":{"admin":true}}]'],
  ['a binary event with 99 missing attachments', '451-["x",{"_placeholder":true,"num":99}]'],
  ['an ack id of 25 digits', '4299999999999999999999999["x"]'],
  ['an attachment count of 14 digits', '45999999999999-["x"]'],
  ['CONNECT to an unknown namespace', '40/nope,'],
  ['DISCONNECT', '41'],
  ['packet type 9', '49'],
  ['100k nested arrays', deep(100_000)],
  ['invalid UTF-8', Buffer.from([0x34, 0x32, 0x5b, 0x22, 0xff, 0xfe, 0x22, 0x5d])],
  ['1000 record separators', '\x1e'.repeat(1000)],
  ['ping 2probe', '2probe'],
  ['engine.io upgrade without a transport', '5'],
  ['engine.io noop', '6'],
  ['base64 binary of noise', 'bAAAA%%%'],
];

function wsFrames(): Case[] {
  const connected = async (t: Target): Promise<WsPeer | string> => {
    const peer = await wsConnect(t.httpPort, WEBSOCKET, [...upgradeHeaders(), ['Cookie', t.cookies.inspector]]);
    if ((await upgraded(peer)) && (await wsConnectPacket(peer)) === 'connected') return peer;
    peer.close();
    return 'a valid session was not connected';
  };
  const run = (bytes: () => Buffer, mustClose: boolean) => async (t: Target) => {
    const peer = await connected(t);
    if (typeof peer === 'string') return peer;
    peer.send(bytes());
    const closed = await peer.until(() => peer.closed, mustClose ? SOCKET_ANSWER_MS : 1_000);
    peer.close();
    return mustClose && !closed ? 'the hub kept the connection after a protocol error' : undefined;
  };
  return [
    ...PROTOCOL_ERRORS.map(([name, bytes]) => ({
      door: 'socket.io' as const,
      name: `websocket frame: ${name}`,
      run: run(bytes, true),
    })),
    ...BAD_PACKETS.map(([name, packet]) => ({
      door: 'socket.io' as const,
      name: `websocket packet: ${name}`,
      run: run(() => frame(1, packet), false),
    })),
  ];
}

function pollingPackets(): Case[] {
  const posted = (
    name: string,
    body: () => Buffer | string,
    expectation: 'reject' | 'tolerate',
    sid?: string,
  ): Case => ({
    door: 'socket.io',
    name: `polling packet: ${name}`,
    run: async (t) => {
      const headers: HeaderList = [['Cookie', t.cookies.inspector]];
      const session = await openPolling(t.httpPort, headers);
      if (session.problem) return session.problem;
      if (!session.connected) return 'a valid session was not connected';
      const url = sid === undefined ? session.url : `${POLLING}&sid=${sid}`;
      const why = judge(await send(t.httpPort, 'POST', url, headers, body()), expectation);
      await send(t.httpPort, 'POST', session.url, headers, '1');
      return why;
    },
  });
  return [
    ...BAD_PACKETS.map(([name, packet]) => posted(name, () => packet, 'tolerate')),
    posted('a payload over maxHttpBufferSize (1.1 MB)', () => `42["${'x'.repeat(1100 * 1024)}"]`, 'reject'),
    posted('to an unknown sid', () => '42["x"]', 'reject', 'nope'),
    posted('to a sid with bad escapes', () => '42["x"]', 'reject', '%E0%A4%A'),
  ];
}

export const socketIoCases = (): Case[] => [
  ...pollingHandshakes(),
  ...badQueries(),
  ...wsHandshakes(),
  ...badUpgrades(),
  ...wsFrames(),
  ...pollingPackets(),
];
