// The export's ffmpeg: concat demuxer over the recorded files, -c copy into one MP4, progress from -progress pipe:1.
import { runFfmpeg, type SpawnPort } from '../ffmpeg/index.js';
import { resolveRecordingPath } from '../recording/index.js';

/** A recorded file as the concat list needs it. */
export interface ConcatSource {
  readonly path: string;
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * The ffconcat list over the files and where [fromMs, toMs) lies on its timeline (which starts at the first file's
 * start), in seconds. `files` are the range's closed files, oldest first, at least one.
 */
export function concatPlan(
  dataDir: string,
  files: readonly ConcatSource[],
  fromMs: number,
  toMs: number,
): { list: string; startOffset: number; length: number } {
  const first = files[0] as ConcatSource;
  const last = files[files.length - 1] as ConcatSource;
  const lines = ['ffconcat version 1.0'];
  for (const f of files) {
    const full = resolveRecordingPath(dataDir, f.path).replace(/'/g, "'\\''");
    // Durations from the index let the concat demuxer place files without probing each one.
    lines.push(`file '${full}'`, `duration ${((f.endMs - f.startMs) / 1000).toFixed(3)}`);
  }
  return {
    list: `${lines.join('\n')}\n`,
    startOffset: Math.max(0, fromMs - first.startMs) / 1000,
    length: (Math.min(toMs, last.endMs) - Math.max(fromMs, first.startMs)) / 1000,
  };
}

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
  /** The spawn port (a test's); the hub's one spawn path by default. */
  readonly spawn?: SpawnPort | undefined;
}

/** Runs ffmpeg on the one spawn path to its end; rejects with its last error line when it fails. */
export async function runExportFfmpeg(run: ExportRun): Promise<void> {
  const abort = new AbortController();
  run.onSpawn(() => abort.abort());
  const result = await runFfmpeg({
    command: run.ffmpegPath,
    args: run.args,
    signal: abort.signal,
    ...(run.spawn ? { spawn: run.spawn } : {}),
    onStdoutLine: (line) => {
      const match = /^out_time_us=(\d+)/.exec(line);
      if (match && run.length > 0) run.onProgress(Math.min(0.99, Number(match[1]) / 1e6 / run.length));
    },
  });
  if (result.code === 0) return;
  const cause = result.signal ?? `code ${result.code}`;
  throw new Error(`ffmpeg ended with ${cause}: ${result.stderr.at(-1) ?? ''}`);
}
