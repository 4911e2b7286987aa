// Recordings placed in a hub's data directory before it starts: the hub adopts them as files written before a crash,
// so a test or benchmark has minutes of footage without recording for minutes.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { recordingRelativePath } from '../../src/recording/index.js';

/** Encodes `seconds` of ffmpeg's test pattern at about `kbps` into a fragmented MP4 like the recorder's. */
export function encodeClip(path: string, seconds: number, kbps: number): void {
  execFileSync('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25', '-t', String(seconds)],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-b:v', `${kbps}k`, '-maxrate', `${kbps}k`, '-bufsize', `${kbps}k`],
    ...['-g', '50', '-f', 'mp4', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', path],
  ]);
}

/** Copies `clip` as `count` consecutive recordings of a camera, the first starting at `firstMs`. */
export function placeRecordings(
  dataDir: string,
  cameraId: string,
  clip: string,
  placement: { firstMs: number; count: number; fileSeconds: number },
): void {
  for (let index = 0; index < placement.count; index += 1) {
    const startMs = placement.firstMs + index * placement.fileSeconds * 1000;
    const path = join(dataDir, recordingRelativePath(cameraId, startMs));
    mkdirSync(dirname(path), { recursive: true });
    copyFileSync(clip, path);
  }
}
