// RTMP connection caps over real TCP on loopback: per address (the hub's own ingest address exempt) and in total;
// a refused connection is closed at once and counted in one coalesced push.refused event per address and reason.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus, EventCoalescer, type DomainEvent } from '../../src/events/index.js';
import { PushGateway } from '../../src/push/index.js';
import { silentLogger } from '../../src/shared/index.js';
import { waitUntil } from '../support/processes.js';

const PER_ADDRESS = 2;
const TOTAL = 8;

describe('RTMP push gateway connection caps', () => {
  const events: DomainEvent[] = [];
  const clock = { now: 1_000_000 };
  const coalescer = new EventCoalescer({
    publish: (event) => events.push(event),
    windowMs: 60_000,
    now: () => clock.now,
  });
  const gateway = new PushGateway({
    host: '127.0.0.1',
    port: 0,
    cameras: { get: () => undefined, verifyPushKey: () => false },
    bus: new EventBus(),
    refusals: coalescer,
    logger: silentLogger(),
    onPublish: () => undefined,
    onUnpublish: () => undefined,
    maxConnections: TOTAL,
    maxConnectionsPerAddress: PER_ADDRESS,
  });
  const open: Socket[] = [];
  const resets: string[] = [];

  /** Connects from `from` (any 127.x address is loopback) and resolves once the gateway has accepted or closed it. */
  const dial = async (from: string): Promise<{ socket: Socket; closed: boolean }> => {
    const socket = connect({ port: gateway.port, host: '127.0.0.1', localAddress: from }).resume();
    open.push(socket);
    let closed = false;
    socket.once('close', () => (closed = true));
    // A refused connection may be reset rather than ended; that is the answer, not a failure of the test.
    socket.on('error', (error: NodeJS.ErrnoException) => resets.push(error.code ?? error.message));
    await new Promise((resolve) => socket.once('connect', resolve));
    // The RTMP handshake's first byte: an accepted connection answers (S0/S1), a refused one is closed instead.
    socket.write(Buffer.from([3]));
    socket.write(Buffer.alloc(1536));
    await waitUntil(() => closed || socket.bytesRead > 0, 2_000, 5);
    return { socket, closed };
  };

  beforeAll(() => gateway.start());
  afterAll(async () => {
    for (const socket of open) socket.destroy();
    await gateway.stop();
  });

  it('closes connections beyond the per-address cap at once and logs one event for the loop', async () => {
    const results: boolean[] = [];
    for (let i = 0; i < 5; i++) results.push((await dial('127.0.0.2')).closed);
    expect(results).toEqual([false, false, true, true, true]);
    expect(gateway.refusedConnections).toBe(3);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'push.refused',
      ip: '127.0.0.2',
      data: { address: '127.0.0.2', reason: 'too many connections from this address (at most 2)' },
    });
    clock.now += 60_000;
    coalescer.closeDue();
    expect(events).toHaveLength(2);
    expect(events[1]?.data).toMatchObject({ count: 2, reason: 'too many connections from this address (at most 2)' });
  });

  it('does not count the hub ingest address per address, and caps the total', async () => {
    // 2 held from 127.0.0.2; 3 from 127.0.0.1 (the ingest's address), 2 from 127.0.0.3, 1 from 127.0.0.4: 8.
    for (const from of ['127.0.0.1', '127.0.0.1', '127.0.0.1', '127.0.0.3', '127.0.0.3', '127.0.0.4']) {
      expect((await dial(from)).closed).toBe(false);
    }
    const over = await dial('127.0.0.5');
    expect(over.closed).toBe(true);
    expect(events.at(-1)).toMatchObject({
      ip: '127.0.0.5',
      data: { reason: 'the gateway is at its limit of 8 connections' },
    });
    expect(gateway.refusedConnections).toBe(4);
  });

  it('takes connections again once some close', async () => {
    for (const socket of open.splice(0)) socket.destroy();
    expect(await waitUntil(async () => !(await dial('127.0.0.2')).closed, 2_000, 20)).toBe(true);
  });
});
