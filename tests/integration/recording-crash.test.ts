// kill -9 of a recording process mid-file, then start-up repair: torn tails cut, open rows closed, orphan files indexed.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFile, readFile, stat, writeFile, appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { Recorder, RecordingStore, recordingRelativePath } from '../../src/recording/index.js';
import { tempDir } from '../support/temp-dir.js';
import { isAlive, waitUntil } from '../support/processes.js';

const run = promisify(execFile);
const dataDir = tempDir('vigil-crash-');
const src = (path: string): string => pathToFileURL(join(process.cwd(), 'src', path)).href;
let child: ChildProcess | undefined;
let ffmpegPid: number | undefined;

/** The recording process: ffmpeg → stream → recorder with 60 s files, so the kill lands mid-file. */
const CHILD = `
import { spawn } from 'node:child_process';
import { openDatabase } from '${src('db/index.ts')}';
import { Recorder, RecordingStore } from '${src('recording/index.ts')}';
import { CameraStream, Fmp4Demuxer } from '${src('stream/index.ts')}';
const dataDir = process.argv[2];
const store = new RecordingStore(openDatabase(dataDir + '/vigil.db'));
const recorder = new Recorder({ dataDir, index: store, segmentSeconds: 60, progressIntervalMs: 200 });
await recorder.start();
const stream = new CameraStream({ name: 'cam-9/main' });
recorder.record('cam-9', stream);
const demuxer = new Fmp4Demuxer();
const ffmpeg = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i',
  'testsrc2=size=320x240:rate=25', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-pix_fmt', 'yuv420p',
  '-f', 'mp4', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-frag_duration', '200000', 'pipe:1']);
ffmpeg.stdout.on('data', (chunk) => demuxer.pushTo(chunk, stream));
console.log('FFMPEG ' + ffmpeg.pid);
`;

afterAll(() => {
  if (child?.pid && isAlive(child.pid)) child.kill('SIGKILL');
  if (ffmpegPid && isAlive(ffmpegPid)) process.kill(ffmpegPid, 'SIGKILL');
});

async function decodedSeconds(file: string): Promise<{ seconds: number; stderr: string }> {
  const { stdout, stderr } = await run('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-i',
    file,
    '-f',
    'null',
    '-progress',
    'pipe:1',
    '-',
  ]);
  const frames = [...stdout.matchAll(/^frame=(\d+)/gm)].map((m) => Number(m[1])).at(-1) ?? 0;
  return { seconds: frames / 25, stderr };
}

describe('crash repair', () => {
  it('indexes and truncates what a kill -9 left behind', async () => {
    const script = join(dataDir, 'record.mts');
    await writeFile(script, CHILD);
    // node --import tsx (not the tsx CLI, which runs the script in a grandchild): the kill must hit the recorder itself.
    child = spawn(process.execPath, ['--import', 'tsx', script, dataDir], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      const match = /FFMPEG (\d+)/.exec(chunk.toString());
      if (match) ffmpegPid = Number(match[1]);
    });
    const db = openDatabase(join(dataDir, 'vigil.db'));
    const store = new RecordingStore(db);
    // Wait until the open file has a few seconds in the index, then kill without warning.
    expect(await waitUntil(() => store.openRows().some((r) => r.endMs - r.startMs > 3000), 20_000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 700));
    child.kill('SIGKILL');
    if (ffmpegPid) process.kill(ffmpegPid, 'SIGKILL');
    expect(await waitUntil(() => !isAlive(child?.pid ?? 0) && !isAlive(ffmpegPid ?? 0), 5000)).toBe(true);

    const open = store.openRows();
    expect(open.length).toBeGreaterThanOrEqual(1);
    const victim = open.at(-1);
    if (!victim) throw new Error('no open row');
    const victimPath = join(dataDir, victim.path);
    // A torn trailing fragment: a moof header promising more bytes than were written.
    const torn = Buffer.concat([Buffer.from([0, 0, 0x40, 0, 0x6d, 0x6f, 0x6f, 0x66]), Buffer.alloc(300, 7)]);
    await appendFile(victimPath, torn);
    const sizeBefore = (await stat(victimPath)).size;

    // An orphan: a file on disk newer than any row (crash between creating the file and inserting its row).
    const orphanRel = recordingRelativePath('cam-9', victim.startMs + 2000);
    await copyFile(victimPath, join(dataDir, orphanRel));

    const recorder = new Recorder({ dataDir, index: store });
    await recorder.start();
    await recorder.stop();
    const report = recorder.repairReport;
    expect(report?.closed).toBe(open.length);
    expect(report?.adopted).toBe(1);
    expect(report?.truncatedBytes).toBeGreaterThanOrEqual(2 * torn.length);
    expect(store.openRows()).toHaveLength(0);

    const repaired = store.byId(victim.id);
    if (!repaired) throw new Error('row vanished');
    const size = (await stat(victimPath)).size;
    expect(size).toBeLessThan(sizeBefore);
    expect(repaired.bytes).toBe(size);
    expect(repaired.open).toBe(false);
    const decoded = await decodedSeconds(victimPath);
    expect(decoded.stderr).toBe('');
    expect(Math.abs(decoded.seconds - (repaired.endMs - repaired.startMs) / 1000)).toBeLessThan(0.5);
    expect(decoded.seconds).toBeGreaterThan(3);

    const orphan = store.byPath(orphanRel);
    expect(orphan).toMatchObject({ cameraId: 'cam-9', open: false, bytes: size });
    expect((await readFile(join(dataDir, orphanRel))).length).toBe(size);
    db.close();
  });
});
