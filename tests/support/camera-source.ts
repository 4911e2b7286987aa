// Real CameraSources for ingest tests: numbered cam0, cam1... on the main stream, each kept in the caller's list for closing.
import type { FfmpegBinary } from '../../src/ffmpeg/index.js';
import { CameraSource, type CameraSourceOptions } from '../../src/ingest/index.js';
import { silentLogger } from '../../src/shared/index.js';

/** A silent source named cam<n> (n = sources.length) pulling `url`, appended to `sources`; `extra` overrides any option. */
export function addSource(
  sources: CameraSource[],
  url: string,
  binary: FfmpegBinary,
  extra: Partial<CameraSourceOptions> = {},
): CameraSource {
  const cam = new CameraSource({
    cameraId: `cam${sources.length}`,
    stream: 'main',
    url,
    binary,
    logger: silentLogger(),
    ...extra,
  });
  sources.push(cam);
  return cam;
}
