// A benchmark's life: one abort signal (SIGINT/SIGTERM, a hard time limit), cleanups undone in reverse, child pids.
import { setTimeout as delay } from 'node:timers/promises';

export interface Cleanup {
  name: string;
  run: () => Promise<void> | void;
}

/**
 * Everything a benchmark must undo, held in one object that is handed to the parts that start things: every wait
 * goes through `sleep` (so an abort ends it), every start registers its cleanup, every child pid is tracked.
 */
export class BenchLifecycle {
  private readonly abort = new AbortController();
  private readonly cleanups: Cleanup[] = [];
  /** Child pids still alive: killed synchronously on an abrupt exit. */
  private readonly livePids = new Set<number>();
  private hardLimit: NodeJS.Timeout | undefined;

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** SIGINT/SIGTERM abort every wait (a second one exits at once); the hard limit aborts a run that hangs. */
  install(hardLimitMs: number): void {
    const onSignal = (signal: NodeJS.Signals): void => {
      if (this.abort.signal.aborted) {
        // Second signal: no more patience.
        this.killLivePids();
        process.exit(130);
      }
      console.error(`\n${signal}: stopping the benchmark and cleaning up...`);
      this.abort.abort(new Error(`interrupted by ${signal}`));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.on('exit', () => this.killLivePids());
    this.hardLimit = setTimeout(
      () => this.abort.abort(new Error(`hard time limit of ${hardLimitMs / 60_000} min reached`)),
      hardLimitMs,
    );
    this.hardLimit.unref();
  }

  /** Polls `check` every `stepMs` until it holds (true) or `timeoutMs` passed (false); an abort ends it. */
  async until(check: () => Promise<boolean> | boolean, timeoutMs: number, stepMs = 100): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await check()) return true;
      await this.sleep(stepMs);
    }
    return false;
  }

  /** Runs a benchmark's main: a failure sets exit code 1; the cleanups run either way. */
  run(main: () => Promise<void>): void {
    main()
      .catch((error: unknown) => {
        console.error(error);
        process.exitCode = 1;
      })
      .finally(async () => {
        await this.runCleanups();
        this.dispose();
      });
  }

  /** Ends the hard time limit (the process is about to exit). */
  dispose(): void {
    clearTimeout(this.hardLimit);
  }

  /** A child to SIGKILL should this process exit before the child does. */
  trackPid(pid: number, exited: Promise<void>): void {
    this.livePids.add(pid);
    void exited.then(() => this.livePids.delete(pid));
  }

  addCleanup(name: string, run: Cleanup['run']): void {
    this.cleanups.push({ name, run });
  }

  /** How many cleanups are registered: a point to unwind back to with `unwindTo`. */
  mark(): number {
    return this.cleanups.length;
  }

  /** Runs, newest first, the cleanups registered since `mark`; the first failure is thrown. */
  async unwindTo(mark: number): Promise<void> {
    while (this.cleanups.length > mark) await this.cleanups.pop()!.run();
  }

  /** Runs every cleanup left, newest first; a failure is reported and the others still run. */
  async runCleanups(): Promise<void> {
    while (this.cleanups.length > 0) {
      const cleanup = this.cleanups.pop()!;
      try {
        await cleanup.run();
      } catch (error) {
        console.error(`cleanup ${cleanup.name} failed: ${(error as Error).message}`);
      }
    }
  }

  /** A wait that the abort signal ends (with its reason). */
  async sleep(ms: number): Promise<void> {
    this.abort.signal.throwIfAborted();
    await delay(ms, undefined, { signal: this.abort.signal });
  }

  private killLivePids(): void {
    for (const pid of this.livePids) tryKill(pid, 'SIGKILL');
  }
}

/** Sends `signal` to `pid`; false when the process is already gone. */
export function tryKill(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    // Already gone.
    return false;
  }
}

/** A progress line with the wall-clock time. */
export function log(line: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
}
