// A job on an interval of a camera's footage (an export, a retrieval), asked for with the playback reason.
import { request } from '../shared/api.js';
import type { Span } from './timeline.js';

export function startIntervalJob<T>(
  cameraId: string,
  kind: 'exports' | 'retrievals',
  selection: Span,
  reason: string | null,
): Promise<T | null> {
  return request<T>(`/playback/${encodeURIComponent(cameraId)}/${kind}`, {
    method: 'POST',
    body: {
      from: new Date(selection.startMs).toISOString(),
      to: new Date(selection.endMs).toISOString(),
      ...(reason ? { reason } : {}),
    },
  });
}
