// Why a native RTSP run ended, in the ffmpeg side's failure codes, and whether ffmpeg should take the camera over.
import { failureReason, type FailureCode, type FailureReason } from '../ffmpeg/index.js';

export class RtspFailure extends Error {
  readonly reason: FailureReason;
  /** The camera works but this engine cannot take its stream (codec, B-frames…): the caller falls back to ffmpeg. */
  readonly notHandled: boolean;

  constructor(code: FailureCode, detail: string, notHandled = false) {
    super(detail);
    this.reason = failureReason(code, detail);
    this.notHandled = notHandled;
  }

  static unreachable(detail: string): RtspFailure {
    return new RtspFailure('unreachable', detail);
  }

  static auth(detail: string): RtspFailure {
    return new RtspFailure('auth_failed', detail);
  }

  static notFound(detail: string): RtspFailure {
    return new RtspFailure('not_found', detail);
  }

  /** Malformed or unexpected protocol data. */
  static protocol(detail: string): RtspFailure {
    return new RtspFailure('exited', detail);
  }

  static ended(detail: string): RtspFailure {
    return new RtspFailure('exited', detail);
  }

  static stalled(detail: string): RtspFailure {
    return new RtspFailure('stalled', detail);
  }

  static notHandled(code: 'unsupported_codec' | 'no_video', detail: string): RtspFailure {
    return new RtspFailure(code, detail, true);
  }
}
