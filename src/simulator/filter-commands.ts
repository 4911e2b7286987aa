// Filter commands to a running ffmpeg through its stdin, paced to what it reads: one key per 100 ms, latest value wins.
import type { Writable } from 'node:stream';
import type { FilterCommand } from './ptz-view.js';

/**
 * ffmpeg polls its keyboard (stdin) once every 100 ms and reads a whole "c" line then, so commands written faster
 * queue up in the pipe and the picture lags further and further behind. Here each target and command keeps only its
 * newest argument, an unchanged one is not sent again, and one line leaves every PACE_MS.
 */
export const PACE_MS = 110;

export class FilterCommander {
  private readonly pending = new Map<string, FilterCommand>();
  private readonly sent = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly stdin: Writable) {}

  /** Records what ffmpeg already has from its command line, so that it is not sent again. */
  assume(commands: readonly FilterCommand[]): void {
    for (const command of commands) this.sent.set(`${command.target} ${command.command}`, command.argument);
  }

  /** Queues commands; those equal to what ffmpeg already has are dropped. */
  send(commands: readonly FilterCommand[]): void {
    for (const command of commands) {
      const key = `${command.target} ${command.command}`;
      if (this.sent.get(key) === command.argument) this.pending.delete(key);
      else this.pending.set(key, command);
    }
    if (this.pending.size > 0 && !this.timer) this.pump();
  }

  /** Commands not written yet. */
  get backlog(): number {
    return this.pending.size;
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }

  private pump(): void {
    this.timer = undefined;
    const next = this.pending.entries().next();
    if (next.done) return;
    const [key, command] = next.value;
    this.pending.delete(key);
    if (this.stdin.writable) {
      this.stdin.write(`c${command.target} -1 ${command.command} ${command.argument}\n`);
      this.sent.set(key, command.argument);
    }
    // Also when nothing waits: a command sent right after this one must still keep the pace.
    this.timer = setTimeout(() => this.pump(), PACE_MS);
  }
}
