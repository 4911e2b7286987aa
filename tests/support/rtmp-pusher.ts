// A device pushing RTMP, played by ffmpeg: an H.264 test pattern sent in real time to a URL until killed (or for `seconds`).
import { spawn, type ChildProcess } from 'node:child_process';

export interface Pusher {
  child: ChildProcess;
  exited: Promise<number | null>;
}

export function pushTestPattern(url: string, options: { size?: string; seconds?: number } = {}): Pusher {
  const child = spawn(
    'ffmpeg',
    [
      ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-re', '-f', 'lavfi'],
      ...['-i', `testsrc=size=${options.size ?? '320x240'}:rate=25`],
      ...(options.seconds !== undefined ? ['-t', String(options.seconds)] : []),
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '25', '-f', 'flv', url],
    ],
    // A refused push ends in "Broken pipe" or "Connection reset": expected, so stderr is not shown.
    { stdio: 'ignore' },
  );
  return { child, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
}
