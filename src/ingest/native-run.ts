// The native RTSP engine as one supervised run: no process, its own log lines where ffmpeg's stderr would be, the
// reason it ended, and a handover to ffmpeg when the camera's stream is one it does not handle.
import { EventEmitter } from 'node:events';
import type { FailureReason, RunProcess } from '../ffmpeg/index.js';
import { RtspIngest, type Credentials, type RtspFailure, type RtspIngestSink } from '../rtsp/index.js';

export interface NativeRunOptions {
  /** rtsp://… without credentials. */
  readonly url: string;
  readonly credentials: Credentials | undefined;
  readonly timeoutMs: number;
  readonly sink: RtspIngestSink;
  /** The stream is one the native engine does not handle (codec, B-frames): the source switches to ffmpeg. */
  readonly onNotHandled: (reason: string) => void;
}

interface RunEvents {
  close: [code: number | null, signal: NodeJS.Signals | null];
  error: [Error];
}

export class NativeRun extends EventEmitter<RunEvents> implements RunProcess {
  readonly engineLabel = 'native RTSP';
  readonly pid = undefined;
  readonly stdout = null;
  /** Log lines, one per 'data', read into the supervisor's ring like ffmpeg's stderr. */
  readonly stderr = new EventEmitter<{ data: [Buffer]; error: [Error] }>();
  private reason: FailureReason | undefined;
  private handedOver = false;
  private closed = false;
  private readonly ingest: RtspIngest;

  constructor(options: NativeRunOptions) {
    super();
    this.ingest = new RtspIngest({
      url: options.url,
      credentials: options.credentials,
      timeoutMs: options.timeoutMs,
      sink: options.sink,
      log: (line) => this.stderr.emit('data', Buffer.from(`${line}\n`)),
      onEnd: (failure) => this.onEnd(failure, options.onNotHandled),
    });
    // Started after the caller has attached its listeners, as a spawned child's events come after spawn returns.
    setImmediate(() => {
      if (!this.closed) this.ingest.start();
    });
  }

  get endReason(): FailureReason | undefined {
    return this.reason;
  }

  get handover(): boolean {
    return this.handedOver;
  }

  /** SIGTERM ends the session with TEARDOWN; any signal closes it at once (there is no process to wait for). */
  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    if (this.closed) return false;
    this.ingest.stop();
    this.close(null, signal);
    return true;
  }

  private onEnd(failure: RtspFailure, onNotHandled: (reason: string) => void): void {
    this.reason = failure.reason;
    if (failure.notHandled) {
      this.handedOver = true;
      onNotHandled(failure.message);
    }
    this.close(1, null);
  }

  private close(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.closed) return;
    this.closed = true;
    // Asynchronous like a child's 'close': the supervisor's handlers never run inside its own kill() call.
    setImmediate(() => this.emit('close', code, signal));
  }
}
