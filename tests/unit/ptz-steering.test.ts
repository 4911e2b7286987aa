// The steering lock: one user per camera, renewed by each action, ended by release or an idle timeout on an injected clock.
import { describe, expect, it } from 'vitest';
import type { CameraRecord } from '../../src/org/index.js';
import {
  PtzService,
  SteeringLock,
  type PtzDevices,
  type SteeringEnd,
  type SteeringSession,
} from '../../src/ptz/index.js';
import { VigilError } from '../../src/shared/errors.js';

const alice = { userId: 'u1', username: 'alice', displayName: '值班员甲' };
const bob = { userId: 'u2', username: 'bob', displayName: '检查员乙' };

function lockWithClock() {
  const clock = { now: Date.parse('2026-12-07T05:00:00Z') };
  const ended: Array<{ session: SteeringSession; why: SteeringEnd; endedAt: number }> = [];
  const changes: Array<[string, string | null]> = [];
  const lock = new SteeringLock({
    idleMs: 15_000,
    now: () => clock.now,
    onEnd: (session, why, endedAt) => ended.push({ session: { ...session }, why, endedAt }),
    onChange: (cameraId, steering) => changes.push([cameraId, steering?.username ?? null]),
  });
  return { clock, lock, ended, changes };
}

describe('the steering lock', () => {
  it('refuses a second user with who steers, since when and until when', () => {
    const { clock, lock } = lockWithClock();
    lock.claim('cam', alice, { move: true });
    clock.now += 4000;
    let refusal: unknown;
    try {
      lock.claim('cam', bob, { move: true });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(VigilError);
    const error = refusal as VigilError;
    expect(error.status).toBe(409);
    expect(error.details).toEqual({
      reason: 'ptz_busy',
      userId: 'u1',
      username: 'alice',
      displayName: '值班员甲',
      since: '2026-12-07T05:00:00.000Z',
      expiresAt: '2026-12-07T05:00:15.000Z',
    });
    expect(error.retryAfterSeconds).toBe(11);
    // Another camera is free.
    expect(lock.claim('other', bob).username).toBe('bob');
  });

  it('renews on every action and ends once idle, counting moves and presets', () => {
    const { clock, lock, ended, changes } = lockWithClock();
    lock.claim('cam', alice, { move: true });
    clock.now += 10_000;
    lock.claim('cam', alice, { move: true });
    lock.claim('cam', alice, { preset: '入口' });
    clock.now += 14_999;
    expect(lock.sweep()).toEqual([]);
    expect(lock.current('cam')?.expiresAt).toBe('2026-12-07T05:00:25.000Z');
    // The sweep notices three seconds late: the session still ended when its timeout ran out.
    clock.now += 3001;
    expect(lock.sweep()).toHaveLength(1);
    expect(ended).toEqual([
      {
        why: 'idle',
        endedAt: clock.now - 3000,
        session: expect.objectContaining({
          cameraId: 'cam',
          moves: 2,
          presets: ['入口'],
          startedAt: clock.now - 28_000,
        }),
      },
    ]);
    expect(changes.at(-1)).toEqual(['cam', null]);
    expect(lock.current('cam')).toBeNull();
    // The next user gets the camera now.
    expect(lock.claim('cam', bob).username).toBe('bob');
  });

  it('ends a session found idle when someone asks, and on release by its holder only', () => {
    const { clock, lock, ended } = lockWithClock();
    lock.claim('cam', alice);
    clock.now += 20_000;
    expect(lock.claim('cam', bob).userId).toBe('u2');
    expect(ended.map((e) => [e.session.user.username, e.why])).toEqual([['alice', 'idle']]);
    expect(lock.release('cam', 'u1')).toBe(false);
    expect(lock.release('cam', 'u2')).toBe(true);
    lock.claim('cam', alice);
    lock.endAll();
    expect(ended.map((e) => e.why)).toEqual(['idle', 'released', 'shutdown']);
    expect(lock.active).toBe(0);
  });
});

describe('who may steer', () => {
  it('refuses a role not on the allow-list (the coming enterprise accounts) before asking the device', async () => {
    const devices = {
      of: () => Promise.reject(new Error('the device must not be asked')),
    } as unknown as PtzDevices;
    const service = new PtzService({ devices, publish: () => undefined, onSteering: () => undefined });
    const camera = { id: 'cam', name: 'Dome' } as CameraRecord;
    const enterprise = { ...alice, role: 'enterprise' };
    await expect(service.move(enterprise, camera, { pan: 1, tilt: 0, zoom: 0 })).rejects.toMatchObject({
      status: 403,
      details: { reason: 'ptz_role' },
    });
    await expect(service.setPreset({ ...alice, role: 'operator' }, camera, 'x')).rejects.toMatchObject({
      status: 403,
      details: { reason: 'admin_only' },
    });
  });
});
