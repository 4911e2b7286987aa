// FfmpegSupervisor and StartLimiter logic with a fake child process and fake timers: runs in milliseconds.
import { describe, expect, it, vi } from 'vitest';
import { FfmpegSupervisor, StartLimiter, type SourceStatus, type SupervisorOptions } from '../../src/ffmpeg/index.js';
import { silentLogger } from '../../src/shared/index.js';
import { FakeChild, useFakeTimersPerTest } from '../support/fake-child.js';

function setup(extra: Partial<SupervisorOptions> = {}) {
  const children: FakeChild[] = [];
  const statuses: Array<{ status: SourceStatus; reason: string | null }> = [];
  const supervisor = new FfmpegSupervisor({
    name: 'cam/main',
    command: 'ffmpeg',
    invocation: () => ({ args: ['-i', 'pipe:3'], secretInput: "file 'rtsp://u:p@cam/x'" }),
    onStdout: () => supervisor.markData(),
    logger: silentLogger(),
    spawn: () => {
      const child = new FakeChild();
      children.push(child);
      return child;
    },
    random: () => 0.5, // no jitter: steps are exact
    ...extra,
  });
  supervisor.on('status', (change) => statuses.push({ status: change.status, reason: change.reason?.code ?? null }));
  const last = (): FakeChild => {
    const child = children.at(-1);
    if (!child) throw new Error('no run yet');
    return child;
  };
  const data = (): void => {
    last().stdout.emit('data', Buffer.from('x'));
  };
  return { supervisor, children, statuses, last, data };
}

const flush = () => vi.advanceTimersByTimeAsync(0);

useFakeTimersPerTest();

describe('FfmpegSupervisor', () => {
  it('goes starting → online on the first data and idle on stop', async () => {
    const { supervisor, children, statuses, data } = setup();
    supervisor.start();
    expect(children).toHaveLength(1);
    data();
    expect(supervisor.status).toBe('online');
    expect(supervisor.stats.pid).toBe(children[0]?.pid);
    await vi.advanceTimersByTimeAsync(3_000);
    data();
    expect(supervisor.stats.uptimeMs).toBe(3_000);
    await supervisor.stop();
    expect(children[0]?.signals).toEqual(['SIGTERM']);
    expect(statuses.map((s) => s.status)).toEqual(['starting', 'online', 'idle']);
  });

  it('restarts a run that died, after the first backoff step, and reports reconnecting → online', async () => {
    const { supervisor, children, statuses, last, data } = setup();
    supervisor.start();
    data();
    last().exit(null, 'SIGKILL');
    await flush();
    expect(supervisor.status).toBe('reconnecting');
    expect(supervisor.reason?.detail).toBe('ffmpeg was killed by SIGKILL');
    await vi.advanceTimersByTimeAsync(999);
    expect(children).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(children).toHaveLength(2);
    data();
    expect(statuses.map((s) => s.status)).toEqual(['starting', 'online', 'reconnecting', 'online']);
    expect(supervisor.stats.restarts).toBe(1);
    await supervisor.stop();
  });

  it('kills a stalled run even though ffmpeg lives, and names the stall', async () => {
    const { supervisor, children, data } = setup({ timing: { stallTimeoutMs: 6_000 } });
    supervisor.start();
    data();
    for (let i = 0; i < 10; i++) {
      await vi.advanceTimersByTimeAsync(500);
      data();
    }
    expect(children[0]?.signals).toEqual([]);
    await vi.advanceTimersByTimeAsync(5_999);
    expect(children[0]?.signals).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(children[0]?.signals).toEqual(['SIGKILL']);
    await flush();
    expect(supervisor.status).toBe('reconnecting');
    expect(supervisor.reason?.code).toBe('stalled');
    expect(supervisor.reason?.detail).toBe('no video data for 6 s');
    await supervisor.stop();
  });

  it('allows the first data longer than the stall timeout', async () => {
    const { supervisor, children } = setup({ timing: { stallTimeoutMs: 6_000, firstDataTimeoutMs: 15_000 } });
    supervisor.start();
    await vi.advanceTimersByTimeAsync(14_999);
    expect(children[0]?.signals).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(children[0]?.signals).toEqual(['SIGKILL']);
    await flush();
    expect(supervisor.reason?.detail).toBe('no video data 15 s after start');
    await supervisor.stop();
  });

  it('retries a camera that is down with growing pauses and goes offline after 10 s', async () => {
    const { supervisor, children, statuses, last } = setup();
    supervisor.start();
    const refused = ['rtsp://***@cam/x: Connection refused'];
    const startTimes: number[] = [];
    const t0 = Date.now();
    for (let i = 0; i < 5; i++) {
      startTimes.push(Date.now() - t0);
      last().fail(refused);
      await flush();
      await vi.advanceTimersByTimeAsync([1_000, 2_000, 5_000, 10_000, 30_000][i] ?? 0);
    }
    expect(startTimes).toEqual([0, 1_000, 3_000, 8_000, 18_000]);
    expect(children).toHaveLength(6);
    expect(statuses.map((s) => `${s.status}:${s.reason}`)).toEqual([
      'starting:null',
      'reconnecting:unreachable',
      'offline:unreachable',
    ]);
    // The offline timer fired at 10 s, between the 4th and 5th run.
    await supervisor.stop();
  });

  it('backs off at least 10 s after an authentication failure (no account lock-out)', async () => {
    const { supervisor, children, last } = setup();
    supervisor.start();
    last().fail([
      '[rtsp @ 0x5] method DESCRIBE failed: 401 Unauthorized',
      'rtsp://***@cam/x: Server returned 401 Unauthorized (authorization failed)',
    ]);
    await flush();
    expect(supervisor.reason?.message).toBe('authentication failed');
    await vi.advanceTimersByTimeAsync(9_999);
    expect(children).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(children).toHaveLength(2);
    await supervisor.stop();
  });

  it('spends the restart budget on quick failures: longest step and offline', async () => {
    const { supervisor, children, last, data } = setup({ timing: { budgetFailures: 3, budgetWindowMs: 60_000 } });
    supervisor.start();
    for (let i = 0; i < 3; i++) {
      data(); // online briefly, then dies: a flapping camera
      last().exit(1);
      await flush();
      if (i < 2) await vi.advanceTimersByTimeAsync([1_000, 2_000][i] ?? 0);
    }
    expect(supervisor.status).toBe('offline');
    await vi.advanceTimersByTimeAsync(29_999);
    expect(children).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(children).toHaveLength(4);
    await supervisor.stop();
  });

  it('resets the backoff after a healthy run', async () => {
    const { supervisor, children, last, data } = setup({ timing: { healthyRunMs: 10_000 } });
    supervisor.start();
    last().exit(1);
    await vi.advanceTimersByTimeAsync(1_000);
    last().exit(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(children).toHaveLength(3);
    data();
    for (let i = 0; i < 12; i++) {
      await vi.advanceTimersByTimeAsync(1_000);
      data();
    }
    last().exit(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(children).toHaveLength(4);
    await supervisor.stop();
  });

  it('sends SIGKILL to a run that ignores SIGTERM, after the grace period', async () => {
    const { supervisor, last } = setup({ timing: { killGraceMs: 2_000 } });
    supervisor.start();
    last().obeysTerm = false;
    let stopped = false;
    const stopping = supervisor.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await stopping;
    expect(last().signals).toEqual(['SIGTERM', 'SIGKILL']);
    expect(supervisor.status).toBe('idle');
  });

  it('does not report an intentional stop as a failure, and does not restart', async () => {
    const { supervisor, children, statuses, data } = setup();
    supervisor.start();
    data();
    await supervisor.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(children).toHaveLength(1);
    expect(statuses.every((s) => s.reason === null)).toBe(true);
    expect(supervisor.stats.lastError).toBeNull();
  });

  it('reports a spawn failure and retries', async () => {
    let calls = 0;
    const { supervisor } = setup({
      spawn: () => {
        calls++;
        throw new Error('spawn ffmpeg ENOENT');
      },
    });
    supervisor.start();
    expect(supervisor.status).toBe('reconnecting');
    expect(supervisor.reason?.detail).toBe('cannot start ffmpeg: spawn ffmpeg ENOENT');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toBe(2);
    await supervisor.stop();
  });

  it('keeps stderr of all runs redacted for the detail view, but classifies from the current run only', async () => {
    const { supervisor, last } = setup({ secrets: ['p4ss'] });
    supervisor.start();
    last().fail(['[rtsp @ 0x1] method DESCRIBE failed: 401 Unauthorized (user admin p4ss)']);
    await vi.advanceTimersByTimeAsync(10_000);
    last().fail(['rtsp://admin:p4ss@cam/x: Connection refused']);
    await flush();
    expect(supervisor.reason?.code).toBe('unreachable');
    expect(supervisor.stderrTail()).toEqual([
      '[rtsp @ 0x1] method DESCRIBE failed: 401 Unauthorized (user admin ***)',
      'rtsp://***@cam/x: Connection refused',
    ]);
    await supervisor.stop();
  });
});

describe('StartLimiter', () => {
  it('grants at most K starts per second, first come first served', async () => {
    const limiter = new StartLimiter({ perSecond: 4, jitter: 0 });
    const granted: Array<[number, number]> = [];
    const t0 = Date.now();
    for (let i = 0; i < 10; i++) limiter.request(() => granted.push([i, Date.now() - t0]));
    expect(granted).toEqual([[0, 0]]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(granted.map(([i]) => i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(granted.map(([, at]) => at)).toEqual([0, 250, 500, 750, 1_000, 1_250, 1_500, 1_750, 2_000]);
  });

  it('starts a hurried ticket next: the camera someone waits to watch', async () => {
    const limiter = new StartLimiter({ perSecond: 4, jitter: 0 });
    const granted: number[] = [];
    const tickets = Array.from({ length: 6 }, (_, i) => limiter.request(() => granted.push(i)));
    tickets[4]?.hurry();
    tickets[0]?.hurry(); // already granted: nothing changes
    await vi.advanceTimersByTimeAsync(2_000);
    expect(granted).toEqual([0, 4, 1, 2, 3, 5]);
  });

  it('spaces a cheaper start by its cost: five native sessions in the time of one ffmpeg', async () => {
    const limiter = new StartLimiter({ perSecond: 4, jitter: 0 });
    const granted: number[] = [];
    const t0 = Date.now();
    for (let i = 0; i < 6; i++) limiter.request(() => granted.push(Date.now() - t0), 0.2);
    limiter.request(() => granted.push(Date.now() - t0));
    limiter.request(() => granted.push(Date.now() - t0));
    await vi.advanceTimersByTimeAsync(2_000);
    expect(granted).toEqual([0, 50, 100, 150, 200, 250, 300, 550]);
  });

  it('skips cancelled tickets and spreads grants with jitter', async () => {
    const limiter = new StartLimiter({ perSecond: 2, jitter: 0.5, random: () => 1 });
    const granted: number[] = [];
    const t0 = Date.now();
    limiter.request(() => granted.push(Date.now() - t0));
    const ticket = limiter.request(() => granted.push(-1));
    limiter.request(() => granted.push(Date.now() - t0));
    ticket.cancel();
    expect(limiter.pending).toBe(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(granted).toEqual([0, 750]);
  });

  it('feeds supervisors through the queue', async () => {
    const limiter = new StartLimiter({ perSecond: 1, jitter: 0 });
    const a = setup({ limiter });
    const b = setup({ limiter });
    a.supervisor.start();
    b.supervisor.start();
    expect([a.children.length, b.children.length]).toEqual([1, 0]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect([a.children.length, b.children.length]).toEqual([1, 1]);
    // Restarts go through the limiter too, granted at once or queued.
    a.last().exit(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(a.children).toHaveLength(2);
    b.last().exit(1);
    a.last().exit(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(b.children).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(a.children).toHaveLength(3);
    await Promise.all([a.supervisor.stop(), b.supervisor.stop()]);
  });

  it('keeps at most N starts in flight: a slot frees at a run’s first data or its end', async () => {
    const limiter = new StartLimiter({ perSecond: 100, maxInFlight: 2, jitter: 0 });
    const runs = [setup({ limiter }), setup({ limiter }), setup({ limiter }), setup({ limiter })];
    for (const run of runs) run.supervisor.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs.map((run) => run.children.length)).toEqual([1, 1, 0, 0]);
    expect(limiter.stats).toMatchObject({ inFlight: 2, waiting: 2 });
    // The first camera sends video: its start is over, the third may start.
    runs[0]?.data();
    await vi.advanceTimersByTimeAsync(100);
    expect(runs.map((run) => run.children.length)).toEqual([1, 1, 1, 0]);
    // The second fails before any video: its slot frees too (its retry queues behind the fourth).
    runs[1]?.last().exit(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(runs.map((run) => run.children.length)).toEqual([1, 1, 1, 1]);
    expect(limiter.stats).toMatchObject({ inFlight: 2, peakInFlight: 2, granted: 4 });
    await Promise.all(runs.map((run) => run.supervisor.stop()));
    expect(limiter.stats.inFlight).toBe(0);
  });
});
