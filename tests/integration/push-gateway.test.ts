// The RTMP gateway alone: a connection that never publishes is closed at the start deadline; the gateway takes new ones after.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus, type DomainEvent } from '../../src/events/index.js';
import { PushGateway } from '../../src/push/index.js';
import { silentLogger } from '../../src/shared/index.js';
import { waitUntil } from '../support/processes.js';
import { pushTestPattern } from '../support/rtmp-pusher.js';

describe('RTMP push gateway', () => {
  const events: DomainEvent[] = [];
  const bus = new EventBus();
  bus.onPublished((event) => events.push(event));
  const published: string[] = [];
  const gateway = new PushGateway({
    host: '127.0.0.1',
    port: 0,
    // The camera store as the gateway sees it: one push camera with one key.
    cameras: {
      get: (id) => (id === 'cam1' ? { id, name: 'Cam 1', sourceKind: 'rtmp', enabled: true } : undefined),
      verifyPushKey: (id, key) => id === 'cam1' && key === 'k'.repeat(32),
    },
    bus,
    logger: silentLogger(),
    onPublish: (id) => published.push(id),
    onUnpublish: () => undefined,
    startTimeoutMs: 500,
  });

  beforeAll(() => gateway.start());
  afterAll(() => gateway.stop());

  it('closes a connection that sends nothing, within the start deadline', async () => {
    const started = Date.now();
    const socket = connect(gateway.port, '127.0.0.1').resume();
    await new Promise((resolve) => socket.once('close', resolve));
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('still takes a push with the right key afterwards', async () => {
    const { exited } = pushTestPattern(`rtmp://127.0.0.1:${gateway.port}/live/cam1?key=${'k'.repeat(32)}`, {
      size: '160x120',
      seconds: 3,
    });
    expect(await exited).toBe(0);
    expect(published).toEqual(['cam1']);
    // The gateway sees the connection close a moment after ffmpeg exits.
    expect(await waitUntil(() => events.length === 2, 2_000)).toBe(true);
    expect(events.map((event) => event.type)).toEqual(['push.started', 'push.ended']);
    expect(gateway.isPushing('cam1')).toBe(false);
  });
});
