// A live camera stand-in: a paced ffmpeg test pattern whose fMP4 output is demuxed straight into a CameraStream.
import { spawn, type ChildProcess } from 'node:child_process';
import { CameraStream, Fmp4Demuxer } from '../../src/stream/index.js';
import { fmp4EncoderArgs, X264_LIVE } from './fmp4-fixtures.js';

/**
 * Starts a realtime (-re) 320x240 libx264 fMP4 encode of `seconds` (endless when omitted) feeding `stream`;
 * its stderr is shown. The caller kills or awaits the returned process.
 */
export function startLiveProducer(stream: CameraStream, seconds?: number): ChildProcess {
  const demuxer = new Fmp4Demuxer();
  const child = spawn(
    'ffmpeg',
    fmp4EncoderArgs({ realtime: true, seconds, codec: X264_LIVE, pixFmt: 'yuv420p' }, 'pipe:1'),
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  child.stdout?.on('data', (chunk: Buffer) => demuxer.pushTo(chunk, stream));
  return child;
}
