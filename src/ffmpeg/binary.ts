// ffmpeg binary resolution and version detection, done once at start.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { VigilError } from '../shared/errors.js';

const execFileAsync = promisify(execFile);

export interface FfmpegBinary {
  /** Path of the ffmpeg executable. */
  path: string;
  /** Path of ffprobe next to it, when there is one. */
  probePath: string | undefined;
  /** Where it came from: the FFMPEG_PATH variable, the PATH, or the bundled npm package. */
  origin: 'env' | 'path' | 'bundled';
  /** The version string as printed ("5.1.9-0+deb12u1", "N-47683-g0e8eb07980-static"). */
  versionText: string;
  /** The release line: from the version string, else from libavformat's major version. */
  major: number;
  minor: number;
}

/** libavformat major → ffmpeg release, for builds whose version string is a git describe. */
const LAVF_TO_RELEASE: Record<number, [number, number]> = {
  57: [3, 4],
  58: [4, 4],
  59: [5, 1],
  60: [6, 1],
  61: [7, 1],
  62: [8, 0],
};

/** Parses the first lines of `ffmpeg -version`. */
export function parseFfmpegVersion(output: string): { versionText: string; major: number; minor: number } {
  const versionText = /ffmpeg version (\S+)/.exec(output)?.[1];
  if (!versionText) throw new Error('not an ffmpeg version banner');
  const release = /^n?(\d+)\.(\d+)/.exec(versionText);
  if (release) return { versionText, major: Number(release[1]), minor: Number(release[2]) };
  const lavf = /libavformat\s+(\d+)\.\s*(\d+)/.exec(output);
  const lavfMajor = lavf ? Number(lavf[1]) : NaN;
  const mapped = LAVF_TO_RELEASE[lavfMajor];
  if (!mapped) throw new Error(`cannot tell the ffmpeg release of "${versionText}"`);
  // libavformat 58.x spans 4.0–4.4; minor 24 is 4.1, which matters only as "before 5".
  const minor = lavfMajor === 58 && lavf ? (Number(lavf[2]) < 29 ? 1 : 4) : mapped[1];
  return { versionText, major: mapped[0], minor };
}

async function versionOf(path: string): Promise<ReturnType<typeof parseFfmpegVersion> | undefined> {
  try {
    const { stdout } = await execFileAsync(path, ['-hide_banner', '-version'], { timeout: 10_000 });
    return parseFfmpegVersion(stdout);
  } catch {
    // Not runnable or not ffmpeg: the caller tries the next candidate.
    return undefined;
  }
}

function bundledPath(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const installer = require('@ffmpeg-installer/ffmpeg') as { path: string };
    return installer.path;
  } catch {
    // The optional dependency is not installed on this platform.
    return undefined;
  }
}

async function siblingProbe(ffmpegPath: string): Promise<string | undefined> {
  const candidate = ffmpegPath.includes('/') ? ffmpegPath.replace(/ffmpeg([^/]*)$/, 'ffprobe$1') : 'ffprobe';
  try {
    await execFileAsync(candidate, ['-hide_banner', '-version'], { timeout: 10_000 });
    return candidate;
  } catch {
    // The bundled 4.1 package ships ffmpeg only.
    return undefined;
  }
}

export interface ResolveOptions {
  /** Explicit path (config `ffmpeg.path`); wins over everything. */
  configuredPath?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** Skip candidates, for tests that want the bundled build. */
  only?: FfmpegBinary['origin'];
}

/** Finds ffmpeg: configured path or FFMPEG_PATH, then `ffmpeg` on PATH, then @ffmpeg-installer/ffmpeg. */
export async function resolveFfmpeg(options: ResolveOptions = {}): Promise<FfmpegBinary> {
  const env = options.env ?? process.env;
  const candidates: Array<{ path: string | undefined; origin: FfmpegBinary['origin'] }> = [
    { path: options.configuredPath ?? env.FFMPEG_PATH, origin: 'env' },
    { path: 'ffmpeg', origin: 'path' },
    { path: bundledPath(), origin: 'bundled' },
  ];
  const tried: string[] = [];
  for (const { path, origin } of candidates) {
    if (!path || (options.only && options.only !== origin)) continue;
    tried.push(path);
    const version = await versionOf(path);
    if (version) return { path, origin, probePath: await siblingProbe(path), ...version };
  }
  throw new VigilError(
    'VIGIL_FFMPEG_NOT_FOUND',
    `No working ffmpeg found (tried ${tried.join(', ') || 'nothing'}). Install ffmpeg (apt-get install ffmpeg) or set FFMPEG_PATH.`,
  );
}

/** The RTSP socket-timeout option: 4.x reads `stimeout` (its `timeout` means listen), 5.x and later `timeout`. */
export function rtspTimeoutOption(binary: Pick<FfmpegBinary, 'major'>, timeoutMs: number): [string, string] {
  const micros = String(Math.round(timeoutMs * 1000));
  return binary.major < 5 ? ['stimeout', micros] : ['timeout', micros];
}
