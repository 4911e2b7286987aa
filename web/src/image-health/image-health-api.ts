// Image-health calls: the latest verdict of every camera in scope, a check now, the current picture as the reference.
import type { ImageCheck, ImageProblemList, ImageReference } from '../../../src/contracts/index.js';
import { IMAGE_VERDICTS } from '../../../src/contracts/image-verdicts.js';
import { request, required } from '../shared/api.js';

const camera = (id: string): string => `/api/cameras/${encodeURIComponent(id)}/image-health`;

export const imageHealthApi = {
  /** Every camera's latest check (whatever its verdict), by camera id. */
  latest: async (): Promise<Map<string, ImageCheck>> => {
    const list = await required(
      request<ImageProblemList>(`/api/image-health?verdict=${IMAGE_VERDICTS.join(',')}`),
      'image health',
    );
    return new Map(list.cameras.map((check) => [check.cameraId, check]));
  },
  check: (cameraId: string): Promise<ImageCheck> =>
    required(request<ImageCheck>(`${camera(cameraId)}/check`, { method: 'POST' }), 'image check'),
  setReference: (cameraId: string): Promise<ImageReference> =>
    required(request<ImageReference>(`${camera(cameraId)}/reference`, { method: 'PUT' }), 'reference picture'),
};
