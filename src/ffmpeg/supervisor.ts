// FfmpegSupervisor: owns throw-away runs (ffmpeg, or an in-process engine): start limiter, stepped backoff, stall
// watchdog, restart budget, status.
import { EventEmitter } from 'node:events';
import type { Logger } from '../shared/logger.js';
import type { FfmpegInvocation } from './input.js';
import { classifyFfmpegFailure, failureReason, type FailureReason } from './failure.js';
import { systemClock, systemSpawn, type ClockPort, type SpawnPort, type TimerHandle } from './process.js';
import { DEFAULT_SUPERVISOR_TIMING, RetryPolicy, type SupervisorTiming } from './retry-policy.js';
import type { StartLimiter, StartTicket } from './start-limiter.js';
import type { SourceStatus, SupervisorEvents, SupervisorStats } from './source-status.js';
import { newRun, type Run, type RunProcess } from './supervised-run.js';
import { StderrRing } from './stderr.js';

/** At most one debug line of stderr per run per this long: some streams warn once per packet. */
const STDERR_LOG_INTERVAL_MS = 60_000;

export interface SupervisorOptions {
  /** e.g. `cam-12/main`; for logs. */
  readonly name: string;
  readonly command: string;
  /** Arguments and fd-3 input, built fresh for every run. The input carries credentials: never logged. */
  readonly invocation: () => FfmpegInvocation;
  /** Literal secrets to blank out of stderr (the password, raw and URL-encoded). */
  readonly secrets?: readonly string[];
  /** Every stdout chunk of the current run (ingest demuxes it and calls `markData` per fragment). */
  readonly onStdout: (chunk: Buffer) => void;
  /** An in-process run to start instead of ffmpeg (the native RTSP engine); ffmpeg is spawned when it returns none. */
  readonly inProcessRun?: () => RunProcess | undefined;
  /** Called before each run starts (ingest resets its demuxer). */
  readonly onRunStart?: () => void;
  readonly logger: Logger;
  readonly spawn?: SpawnPort;
  readonly clock?: ClockPort;
  /** Shared by all sources of the hub; without one, runs start at once. */
  readonly limiter?: StartLimiter;
  /** The next run's share of the limiter's pace (1 for ffmpeg, the default; less for an in-process run). */
  readonly startCost?: () => number;
  readonly random?: () => number;
  readonly timing?: Partial<SupervisorTiming>;
  readonly stderrLines?: number;
}

export class FfmpegSupervisor extends EventEmitter<SupervisorEvents> {
  readonly name: string;
  private readonly options: SupervisorOptions;
  private readonly timing: SupervisorTiming;
  private readonly clock: ClockPort;
  private readonly spawnPort: SpawnPort;
  private readonly retry: RetryPolicy;
  private readonly stderr: StderrRing;
  private run: Run | undefined;
  private wanted = false;
  private currentStatus: SourceStatus = 'idle';
  private currentReason: FailureReason | null = null;
  private retryTimer: TimerHandle | undefined;
  private watchdogTimer: TimerHandle | undefined;
  private offlineTimer: TimerHandle | undefined;
  private ticket: StartTicket | undefined;
  private runCount = 0;
  /** The next run takes over from a handover: it is no restart. */
  private handingOver = false;
  private restartCount = 0;
  private onlineSince: number | undefined;
  private lastDataAt: number | undefined;
  private lastError: FailureReason | null = null;
  private lastErrorAt: number | undefined;

  constructor(options: SupervisorOptions) {
    super();
    this.name = options.name;
    this.options = options;
    this.timing = { ...DEFAULT_SUPERVISOR_TIMING, ...options.timing };
    this.clock = options.clock ?? systemClock;
    this.spawnPort = options.spawn ?? systemSpawn;
    this.retry = new RetryPolicy(this.timing, options.random);
    this.stderr = new StderrRing({ capacity: options.stderrLines ?? 50, secrets: options.secrets ?? [] });
  }

  get status(): SourceStatus {
    return this.currentStatus;
  }

  get reason(): FailureReason | null {
    return this.currentReason;
  }

  get isRunning(): boolean {
    return this.wanted;
  }

  /** The last stderr lines over all runs, credentials redacted, oldest first: for the camera's detail view. */
  stderrTail(): string[] {
    return this.stderr.lines();
  }

  get stats(): SupervisorStats {
    const now = this.clock.now();
    return {
      status: this.currentStatus,
      reason: this.currentReason,
      runs: this.runCount,
      restarts: this.restartCount,
      pid: this.run && !this.run.ended ? this.run.child.pid : undefined,
      onlineSince: this.onlineSince,
      uptimeMs: this.onlineSince !== undefined ? now - this.onlineSince : 0,
      lastDataAt: this.lastDataAt,
      lastError: this.lastError,
      lastErrorAt: this.lastErrorAt,
    };
  }

  /** A viewer is waiting: a start still queued at the limiter goes before the others. */
  hurry(): void {
    this.ticket?.hurry();
  }

  /** Starts supervising: the first run goes through the start limiter. Idempotent. */
  start(): void {
    if (this.wanted) return;
    this.wanted = true;
    this.retry.started(this.clock.now());
    this.setStatus('starting', null);
    // A run still dying from stop() starts its successor from its close handler.
    if (!this.run) this.requestLaunch();
  }

  /** Stops supervising and kills the current run (SIGTERM, then SIGKILL); resolves when it has exited. */
  async stop(): Promise<void> {
    this.wanted = false;
    this.cancelPending();
    const run = this.run;
    if (run && !run.ended) {
      run.stopping = true;
      this.kill(run);
      await run.exited;
    }
    if (!this.wanted) {
      this.onlineSince = undefined;
      this.setStatus('idle', null);
    }
  }

  /** Ingest calls this for every fragment: the run is online, and the stall watchdog is fed. */
  markData(): void {
    const run = this.run;
    if (!run || run.ended || run.stopping || run.killReason) return;
    const now = this.clock.now();
    this.lastDataAt = now;
    if (run.onlineAt !== undefined) return;
    run.onlineAt = now;
    run.releaseStart();
    this.onlineSince = now;
    this.retry.online();
    this.clearTimer('offlineTimer');
    this.armWatchdog(run, now + this.timing.stallTimeoutMs);
    this.setStatus('online', null);
    this.options.logger.info({ run: run.id, pid: run.child.pid, ms: now - run.startedAt }, `${labelOf(run)} online`);
  }

  /** Kills the current run and reports `reason` for it (e.g. stdout that is not fMP4). */
  failRun(reason: FailureReason): void {
    const run = this.run;
    if (!run || run.ended || run.stopping || run.killReason) return;
    run.killReason = reason;
    // A restart needs no clean exit (fMP4 on a pipe has no trailer to write), and a stalled ffmpeg sits in a
    // blocking read where one SIGTERM only sets a flag: SIGKILL ends it now, so the restart is not delayed.
    run.child.kill('SIGKILL');
  }

  private requestLaunch(): void {
    if (!this.wanted || this.ticket) return;
    if (!this.options.limiter) {
      this.launch(() => undefined);
      return;
    }
    let granted = false;
    let ticket: StartTicket | undefined = undefined;
    ticket = this.options.limiter.request((release) => {
      granted = true;
      if (ticket !== undefined && this.ticket === ticket) this.ticket = undefined;
      this.launch(release);
    }, this.options.startCost?.() ?? 1);
    // The limiter may grant at once, inside request(): then there is no ticket left to hold.
    if (!granted) this.ticket = ticket;
  }

  private launch(releaseStart: () => void): void {
    if (!this.wanted || this.run) {
      releaseStart();
      return;
    }
    const id = ++this.runCount;
    if (id > 1 && !this.handingOver) this.restartCount++;
    this.handingOver = false;
    this.options.onRunStart?.();
    const startedAt = this.clock.now();
    let child: RunProcess;
    try {
      const inProcess = this.options.inProcessRun?.();
      if (inProcess) {
        child = inProcess;
      } else {
        const { args, secretInput } = this.options.invocation();
        child = this.spawnPort(this.options.command, args, { secretInput });
      }
    } catch (error) {
      // A synchronous spawn failure (bad path) is a failed run like any other.
      releaseStart();
      const detail = error instanceof Error ? error.message : String(error);
      this.afterFailure(undefined, failureReason('exited', `cannot start ffmpeg: ${detail}`));
      return;
    }
    const run = newRun({ id, child, startedAt, stderrStart: this.stderr.lineCount, releaseStart });
    this.run = run;
    child.stdout?.on('data', (chunk: Buffer) => {
      if (this.run === run && !run.ended) this.options.onStdout(chunk);
    });
    child.stdout?.on('error', (error: Error) => this.options.logger.debug({ err: error }, 'ffmpeg stdout error'));
    child.stderr?.on('data', (chunk: Buffer) => this.onStderr(run, chunk));
    child.stderr?.on('error', (error: Error) => this.options.logger.debug({ err: error }, 'ffmpeg stderr error'));
    child.once('close', (code, signal) => this.onClose(run, code, signal));
    child.once('error', (error) => {
      // Spawn failures (ENOENT, EACCES) come here, possibly without a 'close'.
      if (child.pid === undefined) this.onClose(run, null, null, `cannot start ffmpeg: ${error.message}`);
      else this.options.logger.warn({ err: error, pid: child.pid }, 'ffmpeg process error');
    });
    this.armWatchdog(run, startedAt + this.timing.firstDataTimeoutMs);
    this.options.logger.debug({ run: id, pid: child.pid }, `${labelOf(run)} started`);
  }

  private onStderr(run: Run, chunk: Buffer): void {
    this.stderr.push(chunk);
    const now = this.clock.now();
    if (now - run.lastStderrLogAt >= STDERR_LOG_INTERVAL_MS) {
      run.lastStderrLogAt = now;
      this.options.logger.debug(
        { run: run.id, lines: this.stderr.lineCount - run.stderrStart, last: this.stderr.last() },
        'ffmpeg stderr',
      );
    }
  }

  private onClose(run: Run, code: number | null, signal: NodeJS.Signals | null, spawnError?: string): void {
    if (run.ended) return;
    run.ended = true;
    run.releaseStart();
    if (run.killTimer !== undefined) this.clock.clearTimeout(run.killTimer);
    if (this.run === run) this.run = undefined;
    this.clearTimer('watchdogTimer');
    this.stderr.flush();
    run.resolveExited();
    if (run.stopping) {
      this.options.logger.debug({ run: run.id, code, signal }, `${labelOf(run)} stopped`);
      if (this.wanted) this.requestLaunch();
      return;
    }
    if (!this.wanted) return;
    if (run.child.handover && !run.killReason) {
      this.options.logger.debug({ run: run.id }, 'run handed over to another engine');
      this.handingOver = true;
      this.requestLaunch();
      return;
    }
    const ownLines = Math.min(this.stderr.lineCount - run.stderrStart, this.stderr.lines().length);
    const lines = ownLines > 0 ? this.stderr.lines().slice(-ownLines) : [];
    const reason =
      run.killReason ??
      run.child.endReason ??
      (spawnError ? failureReason('exited', spawnError) : classifyFfmpegFailure(lines, code, signal));
    this.afterFailure(run, reason, code, signal);
  }

  /** Decides the pause and the status after a run ended (or could not start), and schedules the next run. */
  private afterFailure(
    run: Run | undefined,
    reason: FailureReason,
    code: number | null = null,
    signal: NodeJS.Signals | null = null,
  ): void {
    const now = this.clock.now();
    this.lastError = reason;
    this.lastErrorAt = now;
    this.onlineSince = undefined;
    const decision = this.retry.failed(now, reason.code, run?.onlineAt, this.currentStatus === 'offline');
    const next: SourceStatus = decision.offline ? 'offline' : 'reconnecting';
    const delay = decision.delayMs;

    const changed = next !== this.currentStatus || reason.code !== this.currentReason?.code;
    const fields = {
      run: run?.id,
      pid: run?.child.pid,
      code,
      signal,
      reason: reason.code,
      detail: reason.detail,
      retryInMs: delay,
    };
    // Intentional kills (stall, bad output) say so; repeats of the same failure go to debug, not a warn per retry.
    const label = run ? labelOf(run) : 'ffmpeg';
    const verb = run?.killReason ? `${label} restarted` : `${label} failed`;
    if (changed) this.options.logger.warn(fields, `${verb}: ${reason.message}`);
    else this.options.logger.debug(fields, `${verb} again: ${reason.message}`);

    this.setStatus(next, reason);
    if (!decision.offline) this.armOfflineTimer(decision.offlineAt - now);
    this.clearTimer('retryTimer');
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = undefined;
      this.requestLaunch();
    }, delay);
  }

  private armOfflineTimer(ms: number): void {
    this.clearTimer('offlineTimer');
    this.offlineTimer = this.clock.setTimeout(
      () => {
        this.offlineTimer = undefined;
        if (this.wanted && this.currentStatus === 'reconnecting') this.setStatus('offline', this.currentReason);
      },
      Math.max(0, ms),
    );
  }

  /** One timer per supervisor; it re-arms itself instead of being reset per fragment (5 per second). */
  private armWatchdog(run: Run, deadline: number): void {
    this.clearTimer('watchdogTimer');
    this.watchdogTimer = this.clock.setTimeout(
      () => {
        this.watchdogTimer = undefined;
        if (this.run !== run || run.ended || run.stopping || run.killReason) return;
        const now = this.clock.now();
        const due =
          run.onlineAt === undefined
            ? run.startedAt + this.timing.firstDataTimeoutMs
            : (this.lastDataAt ?? run.onlineAt) + this.timing.stallTimeoutMs;
        if (now < due) {
          this.armWatchdog(run, due);
          return;
        }
        const seconds = Math.round(
          (now - (run.onlineAt === undefined ? run.startedAt : (this.lastDataAt ?? now))) / 1000,
        );
        this.failRun(
          failureReason(
            'stalled',
            run.onlineAt === undefined ? `no video data ${seconds} s after start` : `no video data for ${seconds} s`,
          ),
        );
      },
      Math.max(0, deadline - this.clock.now()),
    );
  }

  private kill(run: Run): void {
    if (run.ended) return;
    run.child.kill('SIGTERM');
    if (run.killTimer !== undefined) return;
    run.killTimer = this.clock.setTimeout(() => {
      run.killTimer = undefined;
      // ffmpeg stuck in a blocking call ignores SIGTERM; SIGKILL cannot be ignored.
      if (!run.ended) run.child.kill('SIGKILL');
    }, this.timing.killGraceMs);
  }

  private cancelPending(): void {
    this.ticket?.cancel();
    this.ticket = undefined;
    this.clearTimer('retryTimer');
    this.clearTimer('offlineTimer');
  }

  private clearTimer(which: 'retryTimer' | 'watchdogTimer' | 'offlineTimer'): void {
    const handle = this[which];
    if (handle !== undefined) this.clock.clearTimeout(handle);
    this[which] = undefined;
  }

  private setStatus(status: SourceStatus, reason: FailureReason | null): void {
    const previous = this.currentStatus;
    const sameReason = (reason?.code ?? null) === (this.currentReason?.code ?? null);
    this.currentReason = reason;
    if (status === previous && sameReason) return;
    this.currentStatus = status;
    this.emit('status', { status, previous, reason, at: this.clock.now() });
  }
}

function labelOf(run: Run): string {
  return run.child.engineLabel ?? 'ffmpeg';
}
