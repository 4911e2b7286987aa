// A write error (ENOSPC via /dev/full) becomes a storage event; the camera pauses, retries later and records again.
import { mkdir, symlink, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import type { DomainEvent } from '../../src/events/index.js';
import { Recorder, RecordingStore, recordingRelativePath } from '../../src/recording/index.js';
import { CameraStream, type Fragment, type InitSegment } from '../../src/stream/index.js';
import { encodeFragmentedMp4, splitFragmentedMp4, X264_FAST } from '../support/fmp4-fixtures.js';
import { tempDir } from '../support/temp-dir.js';

const dataDir = tempDir('vigil-rec-err-');
const T0 = Date.UTC(2026, 2, 1, 8, 0, 0);

async function clip(): Promise<{ init: InitSegment; fragments: Fragment[] }> {
  const data = await encodeFragmentedMp4({ size: '160x120', seconds: 8, codec: X264_FAST, pixFmt: 'yuv420p' });
  return splitFragmentedMp4(data);
}

describe('write errors', () => {
  it('publishes storage.full, pauses the camera and resumes after the retry delay', async () => {
    const { init, fragments } = await clip();
    const store = new RecordingStore(openDatabase(join(dataDir, 'vigil.db')));
    const events: DomainEvent[] = [];
    let now = T0;
    let diskFull = 0;
    const recorder = new Recorder({
      dataDir,
      index: store,
      segmentSeconds: 60,
      retryAfterMs: 2000,
      now: () => now,
      events: { publish: (e) => void events.push(e) },
      onDiskFull: () => diskFull++,
    });
    await recorder.start();
    // The first file's name is known (the first fragment starts at T0): make it a link to /dev/full.
    const doomed = join(dataDir, recordingRelativePath('cam-e', T0));
    await mkdir(dirname(doomed), { recursive: true });
    await symlink('/dev/full', doomed);

    const stream = new CameraStream({ name: 'cam-e/main' });
    recorder.record('cam-e', stream);
    stream.pushInit(init);
    // Writes are held until the recorder's tick: flush them now so the first write fails before later fragments.
    const settle = (): Promise<void> => {
      recorder.flushProgress();
      return new Promise((resolve) => setTimeout(resolve, 50));
    };
    for (const [i, fragment] of fragments.entries()) {
      const mediaEnd = (fragment.decodeTime + fragment.duration) / fragment.timescale;
      now = T0 + mediaEnd * 1000;
      stream.pushFragment({ ...fragment, receivedAt: now });
      if (i < 3) await settle();
    }
    await settle();
    await recorder.stop();

    const full = events.filter((e) => e.type === 'storage.full');
    expect(full).toHaveLength(1);
    expect(full[0]?.cameraId).toBe('cam-e');
    expect(full[0]?.data).toMatchObject({ path: recordingRelativePath('cam-e', T0) });
    expect(diskFull).toBe(1);

    // The failed file left no row; recording resumed at a keyframe ≥ 2 s later in a new file.
    const rows = store.files('cam-e', 0, T0 + 60_000);
    expect(rows).toHaveLength(1);
    const resumed = rows[0];
    if (!resumed) throw new Error('no resumed file');
    expect(resumed.startMs).toBeGreaterThanOrEqual(T0 + 2000);
    expect(resumed.open).toBe(false);
    expect(resumed.bytes).toBe((await stat(join(dataDir, resumed.path))).size);
    expect(resumed.endMs).toBeGreaterThan(T0 + 7000);
  });
});
