// One bounded ffmpeg/ffprobe run (probe, snapshot, export) on the one spawn path: stdout collected, stderr redacted.
import { systemSpawn, type SpawnPort } from './process.js';
import { StderrRing } from './stderr.js';

export interface RunOptions {
  readonly command: string;
  readonly args: readonly string[];
  /** Text for fd 3 (an input URL with credentials); see SpawnOptions.secretInput. */
  readonly secretInput?: string | undefined;
  /** Written to stdin, which is then closed; stdin is closed at once without it. */
  readonly stdin?: Buffer;
  /** SIGKILL after this long; the result says `timedOut`. */
  readonly timeoutMs?: number;
  /** Literal secrets to blank out of stderr, besides URL credentials. */
  readonly secrets?: readonly string[];
  /** stdout kept at most (a JPEG, a probe's JSON); beyond it the run is killed. Default 8 MiB. */
  readonly maxStdoutBytes?: number;
  /** Every complete stdout line (an export's -progress), instead of keeping stdout. */
  readonly onStdoutLine?: (line: string) => void;
  /** Aborting kills the run with SIGKILL (hub shutdown). */
  readonly signal?: AbortSignal;
  readonly spawn?: SpawnPort;
}

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly stdout: Buffer;
  /** stderr lines, credentials redacted, the last 50. */
  readonly stderr: string[];
}

/** Runs the command to its end; rejects only when it cannot be started at all. */
export function runFfmpeg(options: RunOptions): Promise<RunResult> {
  const maxStdout = options.maxStdoutBytes ?? 8 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const child = (options.spawn ?? systemSpawn)(options.command, options.args, {
      stdin: options.stdin ? 'pipe' : 'ignore',
      secretInput: options.secretInput,
    });
    const stderr = new StderrRing({ secrets: options.secrets ?? [] });
    const chunks: Buffer[] = [];
    let size = 0;
    let partial = '';
    let timedOut = false;
    const kill = (): void => void child.kill('SIGKILL');
    const timer =
      options.timeoutMs === undefined ? undefined : setTimeout(() => ((timedOut = true), kill()), options.timeoutMs);
    options.signal?.addEventListener('abort', kill, { once: true });
    const done = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      options.signal?.removeEventListener('abort', kill);
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      if (options.onStdoutLine) {
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) options.onStdoutLine(line);
        return;
      }
      size += chunk.length;
      if (size > maxStdout) kill();
      else chunks.push(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    if (options.stdin && child.stdin) {
      // ffmpeg may stop reading once it has what it needs; the closed pipe is no error then.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.stdin);
    }
    child.once('error', (error) => {
      done();
      // Without a pid it never started (ENOENT, EACCES); otherwise 'close' follows and reports.
      if (child.pid === undefined) reject(error);
    });
    child.once('close', (code, signal) => {
      done();
      stderr.flush();
      resolve({ code, signal, timedOut, stdout: Buffer.concat(chunks), stderr: stderr.lines() });
    });
  });
}
