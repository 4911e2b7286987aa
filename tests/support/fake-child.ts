// A fake ffmpeg child process (records signals, exits on demand) and per-test fake timers for supervisor logic tests.
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, vi } from 'vitest';
import type { ChildProcessLike } from '../../src/ffmpeg/index.js';

export class FakeChild extends EventEmitter implements ChildProcessLike {
  static nextPid = 1000;
  readonly pid = FakeChild.nextPid++;
  readonly stdout = new EventEmitter();
  readonly stderr = new EventEmitter();
  readonly signals: NodeJS.Signals[] = [];
  /** Whether SIGTERM makes it exit (false: a stuck ffmpeg that only SIGKILL ends). */
  obeysTerm = true;
  exited = false;

  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    this.signals.push(signal);
    if (signal === 'SIGKILL' || this.obeysTerm) queueMicrotask(() => this.exit(null, signal));
    return true;
  }

  exit(code: number | null, signal: NodeJS.Signals | null = null): void {
    if (this.exited) return;
    this.exited = true;
    this.emit('close', code, signal);
  }

  /** Writes `lines` to stderr, then exits with `code`. */
  fail(lines: string[], code = 1): void {
    this.stderr.emit('data', Buffer.from(lines.map((line) => `${line}\n`).join('')));
    this.exit(code);
  }
}

/** Fake timers for every test of the calling file, real ones restored after each. */
export function useFakeTimersPerTest(): void {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}
