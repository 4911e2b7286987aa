// Real media URLs of a playing camera, read from its live playlist: init, the newest whole segment, the newest part.
export interface LiveUrls {
  playlist: string;
  init: string;
  segment: string;
  part: string;
}

/** Fetches the playlist with `cookie` and resolves the URIs it lists (they are relative to the playlist). */
export async function liveUrls(base: string, cameraId: string, cookie: string): Promise<LiveUrls> {
  const dir = `/live/${encodeURIComponent(cameraId)}/main/`;
  const response = await fetch(`${base}${dir}index.m3u8`, { headers: { cookie } });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`playlist of ${cameraId}: ${response.status}`);
  const segments = text.split('\n').filter((line) => /^seg-\d+\.m4s$/.test(line.trim()));
  const parts = [...text.matchAll(/#EXT-X-PART:[^\n]*URI="([^"]+)"/g)].map((match) => match[1]);
  const init = /#EXT-X-MAP:URI="([^"]+)"/.exec(text)?.[1];
  const segment = segments.at(-1);
  const part = parts.at(-1);
  if (!init || !segment || !part) throw new Error(`playlist of ${cameraId} lists no segment yet:\n${text}`);
  return { playlist: `${dir}index.m3u8`, init: dir + init, segment: dir + segment.trim(), part: dir + part };
}
