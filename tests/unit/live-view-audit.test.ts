// Live-viewing audit: one started/ended pair per user, camera and stream, ended by the idle timeout with its duration.
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/events/index.js';
import { LiveViewAudit, type LiveViewer } from '../../src/live/index.js';

function harness() {
  let now = 1_000_000;
  const published: AuditEvent[] = [];
  const audit = new LiveViewAudit({ publish: (event) => published.push(event), idleMs: 15_000, now: () => now });
  return { audit, published, advance: (ms: number) => (now += ms) };
}

const viewer = (overrides: Partial<LiveViewer> = {}): LiveViewer => ({
  userId: 'usr_a',
  username: 'east-insp',
  cameraId: 'cam-1',
  stream: 'main',
  ip: '127.0.0.1',
  ...overrides,
});

describe('live view audit', () => {
  it('logs one pair for a long view made of many playlist requests, with its duration', () => {
    const { audit, published, advance } = harness();
    // Ten minutes of blocking playlist reloads, five a second.
    for (let i = 0; i < 3_000; i++) {
      audit.touch(viewer());
      advance(200);
      audit.sweep();
    }
    expect(published.map((event) => event.type)).toEqual(['audit.live.started']);
    advance(15_000);
    audit.sweep();
    expect(published.map((event) => event.type)).toEqual(['audit.live.started', 'audit.live.ended']);
    const ended = published[1];
    expect(ended).toMatchObject({ userId: 'usr_a', cameraId: 'cam-1', ip: '127.0.0.1', severity: 'info' });
    expect(ended?.data).toMatchObject({ username: 'east-insp', stream: 'main', durationMs: 2_999 * 200 });
    expect(audit.open).toBe(0);
  });

  it('keeps users, cameras and streams apart', () => {
    const { audit, published } = harness();
    audit.touch(viewer());
    audit.touch(viewer({ stream: 'sub' }));
    audit.touch(viewer({ cameraId: 'cam-2' }));
    audit.touch(viewer({ userId: 'usr_b', username: 'center-op' }));
    audit.touch(viewer());
    expect(published.filter((event) => event.type === 'audit.live.started')).toHaveLength(4);
    expect(audit.open).toBe(4);
  });

  it('starts a new view after a pause longer than the timeout, and ends every open view on stop', () => {
    const { audit, published, advance } = harness();
    audit.touch(viewer());
    advance(16_000);
    audit.sweep();
    audit.touch(viewer());
    audit.touch(viewer({ cameraId: 'cam-2' }));
    audit.stop();
    expect(published.map((event) => event.type)).toEqual([
      'audit.live.started',
      'audit.live.ended',
      'audit.live.started',
      'audit.live.started',
      'audit.live.ended',
      'audit.live.ended',
    ]);
    expect(audit.open).toBe(0);
  });
});
