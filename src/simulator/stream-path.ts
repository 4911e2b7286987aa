// The simulator's stream URLs: rtsp://host:port/<camera>/<stream>[/trackID=0], split into their parts.

/** Splits a request URI into camera, stream and track; undefined for any other shape or a malformed escape. */
export function parseStreamPath(uri: string): { cameraId: string; stream: string; track?: string } | undefined {
  let path: string;
  try {
    path = new URL(uri).pathname;
  } catch {
    // Some clients send a bare path.
    path = uri.startsWith('/') ? uri : '';
  }
  let parts: string[];
  try {
    parts = path
      .split('/')
      .filter((p) => p.length > 0)
      .map(decodeURIComponent);
  } catch {
    // A broken percent-escape names no camera: the client gets 404, not a request that is never answered.
    return undefined;
  }
  if (parts.length < 2 || parts.length > 3) return undefined;
  return { cameraId: parts[0]!, stream: parts[1]!, ...(parts[2] ? { track: parts[2] } : {}) };
}
