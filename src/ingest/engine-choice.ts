// Which streams the native RTSP engine can take by their settings alone (the SDP may still send one back to ffmpeg).
import type { InputKind, RtspTransport } from '../ffmpeg/index.js';

/** Why a stream needs ffmpeg whatever its camera sends; undefined when the native engine may try it. */
export function nativeEngineBlocker(
  options: { readonly transport?: RtspTransport | undefined; readonly keepAudio?: boolean | undefined },
  inputKind: InputKind,
): string | undefined {
  if (inputKind !== 'rtsp') return 'not an RTSP stream (pushed over RTMP)';
  if ((options.transport ?? 'tcp') !== 'tcp') return 'RTSP over UDP';
  if (options.keepAudio) return 'audio is kept (it is re-encoded to AAC by ffmpeg)';
  return undefined;
}
