// Playlist writer and time-range listing over a real SQLite index: runs, gaps, discontinuities, VOD vs EVENT.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { PlaybackCatalog, renderVodPlaylist } from '../../src/playback/index.js';
import {
  RecordingStore,
  recordingRelativePath,
  resolveRecordingPath,
  startFromName,
} from '../../src/recording/index.js';
import { tempDir } from '../support/temp-dir.js';

const T = Date.UTC(2026, 3, 10, 9, 0, 0);
const dir = tempDir('vigil-catalog-');

function storeWith(files: Array<[number, number, boolean?]>): RecordingStore {
  const store = new RecordingStore(openDatabase(join(dir, `${Math.random().toString(36).slice(2)}.db`)));
  for (const [start, end, open] of files) {
    store.insert({
      cameraId: 'cam-1',
      startMs: T + start,
      endMs: T + end,
      bytes: 1000,
      path: recordingRelativePath('cam-1', T + start),
      open: open ?? false,
    });
  }
  return store;
}

describe('renderVodPlaylist', () => {
  it('writes a map and program-date-time per file and a discontinuity only at gaps', () => {
    const text = renderVodPlaylist(
      [
        { id: 1, startMs: T, endMs: T + 60_000 },
        { id: 2, startMs: T + 60_400, endMs: T + 120_000 },
        { id: 3, startMs: T + 130_000, endMs: T + 190_500 },
      ],
      { live: false, gapMs: 2000 },
    );
    expect(text).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:7',
        '#EXT-X-TARGETDURATION:61',
        '#EXT-X-MEDIA-SEQUENCE:0',
        '#EXT-X-PLAYLIST-TYPE:VOD',
        '#EXT-X-INDEPENDENT-SEGMENTS',
        '#EXT-X-MAP:URI="files/1/init.mp4"',
        '#EXT-X-PROGRAM-DATE-TIME:2026-04-10T09:00:00.000Z',
        '#EXTINF:60.000,',
        'files/1/media.m4s',
        '#EXT-X-MAP:URI="files/2/init.mp4"',
        '#EXT-X-PROGRAM-DATE-TIME:2026-04-10T09:01:00.400Z',
        '#EXTINF:59.600,',
        'files/2/media.m4s',
        '#EXT-X-DISCONTINUITY',
        '#EXT-X-MAP:URI="files/3/init.mp4"',
        '#EXT-X-PROGRAM-DATE-TIME:2026-04-10T09:02:10.000Z',
        '#EXTINF:60.500,',
        'files/3/media.m4s',
        '#EXT-X-ENDLIST',
        '',
      ].join('\n'),
    );
  });

  it('marks a producer restart as a discontinuity even without a wall-clock gap', () => {
    const text = renderVodPlaylist(
      [
        { id: 1, startMs: T, endMs: T + 60_000, discontinuity: true },
        { id: 2, startMs: T + 60_300, endMs: T + 120_000, discontinuity: true },
        { id: 3, startMs: T + 120_100, endMs: T + 180_000 },
      ],
      { live: false, gapMs: 2000 },
    );
    // The first file opens the playlist: nothing to break from.
    expect(text.match(/#EXT-X-DISCONTINUITY/g)).toHaveLength(1);
    expect(text.indexOf('#EXT-X-DISCONTINUITY')).toBeLessThan(text.indexOf('files/2/init.mp4'));
    expect(text.indexOf('#EXT-X-DISCONTINUITY')).toBeGreaterThan(text.indexOf('files/1/media.m4s'));
  });

  it('writes an EVENT playlist without ENDLIST when live', () => {
    const text = renderVodPlaylist([{ id: 1, startMs: T, endMs: T + 5000 }], { live: true, gapMs: 2000 });
    expect(text).toContain('#EXT-X-PLAYLIST-TYPE:EVENT');
    expect(text).not.toContain('#EXT-X-ENDLIST');
  });
});

describe('PlaybackCatalog', () => {
  const files: Array<[number, number, boolean?]> = [
    [0, 60_000],
    [60_500, 120_000],
    [125_000, 185_000], // 5 s gap before
    [185_100, 245_000],
  ];

  it('lists runs and gaps clipped to the interval', () => {
    const catalog = new PlaybackCatalog({ lookup: storeWith(files), now: () => T + DAY });
    const r = catalog.ranges('cam-1', T + 30_000, T + 300_000);
    expect(r.recorded).toEqual([
      { startMs: T + 30_000, endMs: T + 120_000 },
      { startMs: T + 125_000, endMs: T + 245_000 },
    ]);
    expect(r.gaps).toEqual([
      { startMs: T + 120_000, endMs: T + 125_000 },
      { startMs: T + 245_000, endMs: T + 300_000 },
    ]);
    expect(catalog.ranges('cam-2', T, T + 1000)).toMatchObject({
      recorded: [],
      gaps: [{ startMs: T, endMs: T + 1000 }],
    });
  });

  it('includes a file that started before `from` and is VOD for a past range', () => {
    const catalog = new PlaybackCatalog({ lookup: storeWith(files), now: () => T + DAY });
    const list = catalog.playlist('cam-1', T + 59_000, T + 126_000);
    expect(list).toMatchObject({ live: false, files: 3 });
    expect(list.text.match(/#EXT-X-DISCONTINUITY/g)).toHaveLength(1);
  });

  it('becomes EVENT and leaves the open file out while the range reaches the live edge', () => {
    const store = storeWith([...files, [245_050, 250_000, true]]);
    const catalog = new PlaybackCatalog({ lookup: store, now: () => T + 250_500 });
    const list = catalog.playlist('cam-1', T, T + 250_400);
    expect(list).toMatchObject({ live: true, files: 4 });
    expect(list.text).not.toContain('#EXT-X-ENDLIST');
    // ranges does reach the live edge: the open file's end grows in the index.
    expect(catalog.ranges('cam-1', T + 200_000, T + 250_400).recorded.at(-1)?.endMs).toBe(T + 250_000);
  });
});

describe('recording index', () => {
  it('keeps the timeline-break flag and answers range queries from the covering index', () => {
    const store = new RecordingStore(openDatabase(join(dir, 'flag.db')));
    const id = store.insert({
      cameraId: 'cam-1',
      startMs: T,
      endMs: T + 1000,
      bytes: 10,
      path: recordingRelativePath('cam-1', T),
      open: false,
      discontinuity: true,
    });
    expect(store.byId(id)?.discontinuity).toBe(true);
    const db = openDatabase(join(dir, 'flag.db'));
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT start_ms, end_ms FROM recordings
         WHERE camera_id = 'cam-1' AND start_ms >= 0 AND start_ms < 10 AND end_ms > 0`,
      )
      .all() as { detail: string }[];
    expect(plan.map((row) => row.detail).join(' ')).toContain('COVERING INDEX recordings_camera_span');
    db.close();
  });
});

describe('recording paths', () => {
  it('names files by UTC start and refuses paths outside recordings/', () => {
    const path = recordingRelativePath('cam-1', Date.UTC(2026, 0, 2, 3, 4, 5, 678));
    expect(path).toBe('recordings/cam-1/2026-01-02/03-04-05.mp4');
    expect(startFromName('2026-01-02/03-04-05-1.mp4')).toBe(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(() => recordingRelativePath('../etc', 0)).toThrow();
    expect(() => resolveRecordingPath('/data', 'recordings/../exports/x.mp4')).toThrow();
    expect(resolveRecordingPath('/data', path)).toBe('/data/recordings/cam-1/2026-01-02/03-04-05.mp4');
  });
});

const DAY = 86_400_000;
