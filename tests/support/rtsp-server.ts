// A real RTSP server for ingest tests: tests/support/gst-rtsp-server.py (GStreamer) in a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SERVER_SCRIPT = fileURLToPath(new URL('./gst-rtsp-server.py', import.meta.url));

export interface RtspServer {
  port: number;
  /** Sends a control line on the server's stdin: pause or resume the stream. */
  command(line: 'pause' | 'resume'): void;
  stop(): Promise<void>;
}

/** Starts gst-rtsp-server.py with `args` and waits for "ready <port>". */
export async function startRtspServer(args: string[] = []): Promise<RtspServer> {
  const child: ChildProcess = spawn('/usr/bin/python3', [SERVER_SCRIPT, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('RTSP server did not start')), 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      const match = /ready (\d+)/.exec(chunk.toString());
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`RTSP server exited with ${code}`)));
  });
  return {
    port,
    command: (line) => child.stdin?.write(`${line}\n`),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
