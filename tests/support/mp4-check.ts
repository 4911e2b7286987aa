// What ffmpeg makes of an MP4 file: codec, size and frame count from ffprobe, and a full decode's error output.
import { execFileSync, spawnSync } from 'node:child_process';

export interface Mp4Check {
  readonly codec: string;
  readonly width: number;
  readonly height: number;
  readonly frames: number;
  /** stderr of `ffmpeg -v error -i file -f null -`: empty when every frame decodes cleanly. */
  readonly decodeErrors: string;
}

export function checkMp4(file: string): Mp4Check {
  const probe = JSON.parse(
    execFileSync(
      'ffprobe',
      [
        '-v',
        'error',
        '-count_frames',
        '-select_streams',
        'v:0',
        '-show_entries',
        'stream=codec_name,width,height,nb_read_frames',
        '-of',
        'json',
        file,
      ],
      { encoding: 'utf8' },
    ),
  ) as { streams: Array<{ codec_name: string; width: number; height: number; nb_read_frames: string }> };
  const stream = probe.streams[0];
  const decode = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-'], { encoding: 'utf8' });
  return {
    codec: stream?.codec_name ?? '',
    width: stream?.width ?? 0,
    height: stream?.height ?? 0,
    frames: Number(stream?.nb_read_frames ?? 0),
    decodeErrors: decode.stderr.trim(),
  };
}
