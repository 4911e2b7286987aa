// The export's ffmpeg: concat demuxer over the recorded files, -c copy into one MP4, progress from -progress pipe:1.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Arguments for one clip: `startOffset` and `length` in seconds on the concatenated timeline. */
export function exportArgs(listPath: string, out: string, startOffset: number, length: number): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-nostats',
    '-f',
    'concat',
    '-safe',
    '0',
    // Input-side seek on the concat timeline: with -c copy it lands on the keyframe before (approximate trim).
    ...(startOffset > 0.5 ? ['-ss', startOffset.toFixed(3)] : []),
    '-i',
    listPath,
    '-t',
    length.toFixed(3),
    '-map',
    '0',
    '-c',
    'copy',
    '-movflags',
    '+faststart',
    '-progress',
    'pipe:1',
    '-y',
    out,
  ];
}

export interface ExportRun {
  readonly ffmpegPath: string;
  readonly args: readonly string[];
  /** Clip length in seconds, for progress. */
  readonly length: number;
  /** Gives the caller the way to kill this run (hub shutdown). */
  readonly onSpawn: (kill: () => void) => void;
  /** 0..0.99 as ffmpeg reports its output time; 1 is for the finished clip. */
  readonly onProgress: (progress: number) => void;
}

/** Runs ffmpeg to its end; rejects with its last error line when it fails. */
export function runExportFfmpeg(run: ExportRun): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(run.ffmpegPath, run.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    run.onSpawn(() => child.kill('SIGKILL'));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^out_time_us=(\d+)/.exec(line);
      if (match && run.length > 0) run.onProgress(Math.min(0.99, Number(match[1]) / 1e6 / run.length));
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(new Error(`ffmpeg ended with ${signal ?? `code ${code}`}: ${stderr.trim().split('\n').at(-1) ?? ''}`));
    });
  });
}
