// Configuration of the media pipeline: which ffmpeg, how camera streams are ingested, and live transcodes.
import { z } from 'zod';
import { INGEST_ENGINES } from '../contracts/index.js';

export const FfmpegConfig = z
  .strictObject({
    path: z
      .string()
      .optional()
      .describe('ffmpeg executable; else FFMPEG_PATH, else ffmpeg on PATH, else the bundled @ffmpeg-installer build.'),
  })
  .describe('ffmpeg binary.');

export const IngestConfig = z
  .strictObject({
    startsPerSecond: z
      .number()
      .positive()
      .max(100)
      .default(4)
      .describe(
        'ffmpeg starts per second over all cameras: each start costs about 0.2 CPU-seconds; a native RTSP start counts as a fifth of one.',
      ),
    maxStartsInFlight: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(16)
      .describe(
        'ffmpeg starts under way at once (started, no video yet); the rest queue, e.g. the cameras of a large CSV import.',
      ),
    engine: z
      .enum(INGEST_ENGINES)
      .default('native')
      .describe(
        "How camera streams are pulled: 'native' reads RTSP over TCP (H.264/H.265, B-frames too) in the hub's own process, at a fraction of ffmpeg's CPU, and hands any other stream (RTMP, UDP, kept audio, other codecs) to ffmpeg; 'ffmpeg' runs one ffmpeg per stream.",
      ),
  })
  .describe('Camera ingest: which engine pulls the streams and how fast ffmpeg processes are started.');

export const TranscodeConfig = z
  .strictObject({
    maxConcurrent: z
      .number()
      .int()
      .min(0)
      .max(64)
      .default(2)
      .describe(
        'H.264 transcodes of H.265 cameras for browsers that cannot decode H.265, at most this many at once (each takes a share of a core); beyond it a request is refused. 0: never.',
      ),
    maxWidth: z.number().int().min(160).max(3840).default(1280).describe('Widest picture a transcode makes.'),
    maxHeight: z.number().int().min(120).max(2160).default(720).describe('Tallest picture a transcode makes.'),
    maxFps: z.number().int().min(1).max(60).default(15).describe('Highest frame rate a transcode makes.'),
    maxBitrateKbps: z
      .number()
      .int()
      .min(100)
      .max(20_000)
      .default(1500)
      .describe('Highest bitrate of a transcode, in kbit/s (x264 CRF 28 below it).'),
    idleStopSeconds: z
      .number()
      .min(1)
      .max(600)
      .default(10)
      .describe('A transcode nobody has asked for in this long stops (its ffmpeg ends).'),
  })
  .describe('On-demand H.264 versions of H.265 camera streams for the live view.');
