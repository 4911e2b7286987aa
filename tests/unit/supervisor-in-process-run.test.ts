// FfmpegSupervisor with in-process runs (the native RTSP engine's shape): their own end reason, their log lines in
// the tail, and a handover to ffmpeg that starts the next run at once and reports nothing.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { failureReason, FfmpegSupervisor, type FailureReason, type RunProcess } from '../../src/ffmpeg/index.js';
import { silentLogger } from '../../src/shared/index.js';
import { FakeChild, useFakeTimersPerTest } from '../support/fake-child.js';

class FakeInProcessRun extends EventEmitter implements RunProcess {
  readonly engineLabel = 'native RTSP';
  readonly pid = undefined;
  readonly stdout = null;
  readonly stderr = new EventEmitter();
  endReason: FailureReason | undefined;
  handover = false;

  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    queueMicrotask(() => this.emit('close', null, signal));
    return true;
  }

  end(reason: FailureReason, handover = false): void {
    this.endReason = reason;
    this.handover = handover;
    this.emit('close', 1, null);
  }
}

function setup() {
  let native = true;
  const runs: Array<FakeInProcessRun | FakeChild> = [];
  const statuses: string[] = [];
  const supervisor = new FfmpegSupervisor({
    name: 'cam/main',
    command: 'ffmpeg',
    invocation: () => ({ args: ['-i', 'pipe:3'] }),
    onStdout: () => supervisor.markData(),
    inProcessRun: () => {
      if (!native) return undefined;
      const run = new FakeInProcessRun();
      runs.push(run);
      return run;
    },
    spawn: () => {
      const child = new FakeChild();
      runs.push(child);
      return child;
    },
    logger: silentLogger(),
    random: () => 0.5,
  });
  supervisor.on('status', (change) =>
    statuses.push(`${change.status}${change.reason ? `:${change.reason.code}` : ''}`),
  );
  return { supervisor, runs, statuses, useFfmpeg: () => (native = false) };
}

useFakeTimersPerTest();

describe('FfmpegSupervisor with in-process runs', () => {
  it('reports the run’s own reason and keeps its log lines in the tail', async () => {
    const { supervisor, runs, statuses } = setup();
    supervisor.start();
    const run = runs[0] as FakeInProcessRun;
    run.stderr.emit('data', Buffer.from('connecting to rtsp://cam/x\n'));
    supervisor.markData();
    expect(supervisor.stats.pid).toBeUndefined();
    run.end(failureReason('auth_failed', 'DESCRIBE answered 401 to the credentials'));
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses).toEqual(['starting', 'online', 'reconnecting:auth_failed']);
    expect(supervisor.stats.lastError?.detail).toBe('DESCRIBE answered 401 to the credentials');
    expect(supervisor.stderrTail()).toEqual(['connecting to rtsp://cam/x']);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(runs.length).toBeGreaterThan(1);
    await supervisor.stop();
  });

  it('a handover starts ffmpeg at once and reports no failure', async () => {
    const { supervisor, runs, statuses, useFfmpeg } = setup();
    supervisor.start();
    useFfmpeg();
    (runs[0] as FakeInProcessRun).end(failureReason('unsupported_codec', 'VP8'), true);
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toHaveLength(2);
    expect(runs[1]).toBeInstanceOf(FakeChild);
    (runs[1] as FakeChild).stdout.emit('data', Buffer.from('x'));
    expect(statuses).toEqual(['starting', 'online']);
    expect(supervisor.stats).toMatchObject({ runs: 2, restarts: 0 });
    await supervisor.stop();
  });

  it('a stall kills the in-process run and restarts it', async () => {
    const { supervisor, runs, statuses } = setup();
    supervisor.start();
    supervisor.markData();
    await vi.advanceTimersByTimeAsync(7_000);
    expect(statuses).toEqual(['starting', 'online', 'reconnecting:stalled']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs).toHaveLength(2);
    await supervisor.stop();
  });
});
