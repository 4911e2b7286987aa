// CameraSource logic with a fake ffmpeg: viewer ref-counting, keepAlive, idle stop, garbage output, no secrets in stats.
import { describe, expect, it, vi } from 'vitest';
import { CameraSource, type CameraSourceOptions } from '../../src/ingest/index.js';
import { silentLogger } from '../../src/shared/index.js';
import { FakeChild, useFakeTimersPerTest } from '../support/fake-child.js';

function setup(extra: Partial<CameraSourceOptions> = {}) {
  const runs: Array<{ child: FakeChild; command: string; args: readonly string[]; input: string | undefined }> = [];
  const cam = new CameraSource({
    cameraId: 'cam1',
    stream: 'sub',
    url: 'rtsp://admin:pa%40ss@10.0.0.5:554/Streaming/Channels/102',
    binary: { path: '/usr/bin/ffmpeg', major: 5 },
    logger: silentLogger(),
    idleStopMs: 30_000,
    random: () => 0.5,
    // The fake sends no media: keep the first-data watchdog out of the ref-counting tests.
    timing: { firstDataTimeoutMs: 1e9 },
    spawn: (command, args, options) => {
      const child = new FakeChild();
      runs.push({ child, command, args, input: options?.secretInput });
      return child;
    },
    ...extra,
  });
  return { cam, runs };
}

useFakeTimersPerTest();

describe('CameraSource', () => {
  it('starts on the first viewer and stops after the idle delay once the last one leaves', async () => {
    const { cam, runs } = setup();
    expect(runs).toHaveLength(0);
    expect(cam.status).toBe('idle');
    cam.acquire();
    cam.acquire();
    expect(runs).toHaveLength(1);
    expect(cam.viewers).toBe(2);
    cam.release();
    cam.release();
    await vi.advanceTimersByTimeAsync(29_999);
    expect(runs[0]?.child.signals).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs[0]?.child.signals).toEqual(['SIGTERM']);
    await vi.advanceTimersByTimeAsync(0);
    expect(cam.status).toBe('idle');
    await cam.close();
  });

  it('cancels the idle stop when a viewer comes back in time', async () => {
    const { cam, runs } = setup();
    cam.acquire();
    cam.release();
    await vi.advanceTimersByTimeAsync(20_000);
    cam.acquire();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(runs).toHaveLength(1);
    expect(runs[0]?.child.signals).toEqual([]);
    await cam.close();
    expect(runs[0]?.child.signals).toEqual(['SIGTERM']);
  });

  it('keeps a keepAlive source running without viewers, and stops it when keepAlive is dropped', async () => {
    const { cam, runs } = setup({ keepAlive: true });
    expect(runs).toHaveLength(1);
    cam.acquire();
    cam.release();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(runs[0]?.child.signals).toEqual([]);
    cam.setKeepAlive(false);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(runs[0]?.child.signals).toEqual(['SIGTERM']);
    await cam.close();
  });

  it('ignores an unmatched release', async () => {
    const { cam, runs } = setup();
    cam.release();
    expect(cam.viewers).toBe(0);
    expect(runs).toHaveLength(0);
    await cam.close();
  });

  it('restarts a run whose stdout is not fMP4 and says why', async () => {
    const { cam, runs } = setup({ keepAlive: true });
    runs[0]?.child.stdout.emit('data', Buffer.from('ffmpeg version 5.1 Copyright (c) garbage on stdout\n'));
    await vi.advanceTimersByTimeAsync(0);
    expect(runs[0]?.child.signals).toEqual(['SIGKILL']);
    expect(cam.status).toBe('reconnecting');
    expect(cam.reason?.code).toBe('exited');
    expect(cam.reason?.detail).toMatch(/^ffmpeg output is not fragmented MP4/);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs).toHaveLength(2);
    await cam.close();
  });

  it('hands credentials to ffmpeg only, on fd 3: never in its arguments, never to stats', async () => {
    const { cam, runs } = setup({ keepAlive: true });
    const args = runs[0]?.args ?? [];
    expect(runs[0]?.command).toBe('/usr/bin/ffmpeg');
    expect(runs[0]?.input).toContain("file 'rtsp://admin:pa%40ss@10.0.0.5:554/Streaming/Channels/102'");
    expect(runs[0]?.input).toContain("option timeout '10000000'");
    expect(args.join(' ')).not.toMatch(/pa%40ss|pa@ss/);
    expect(JSON.stringify(cam.stats)).not.toMatch(/pa%40ss|pa@ss/);
    expect(cam.stats.url).toBe('rtsp://10.0.0.5:554/Streaming/Channels/102');
    expect(cam.stats.pid).toBe(runs[0]?.child.pid);
    await cam.close();
    expect(cam.output.isEnded).toBe(true);
  });

  it('takes separate credentials over those in the URL', () => {
    const { cam, runs } = setup({ url: 'rtsp://10.0.0.5/ch1', username: 'viewer', password: 'p w', keepAlive: true });
    expect(runs[0]?.input).toContain("file 'rtsp://viewer:p%20w@10.0.0.5/ch1'");
    return cam.close();
  });
});
