// Start-up repair: files left 'open' by a crash (and files written before their row) are cut to their last whole fragment and indexed.
import { readdir, rm, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage, type Logger } from '../shared/index.js';
import { scanRecordingFile, type FileScan } from './mp4-file.js';
import { RECORDINGS_DIR, resolveRecordingPath, startFromName } from './paths.js';
import type { NewRecording, RecordingRow } from './store.js';

/** What repair needs from the index. */
export interface RepairIndex {
  openRows(): RecordingRow[];
  newest(cameraId: string): RecordingRow | undefined;
  byPath(path: string): RecordingRow | undefined;
  insert(rec: NewRecording): number;
  close(id: number, endMs: number, bytes: number): void;
  remove(id: number): void;
}

export interface RepairReport {
  /** Open rows closed after a crash. */
  closed: number;
  /** Files found on disk without a row, now indexed. */
  adopted: number;
  /** Rows or files dropped because not one fragment was complete. */
  removed: number;
  /** Bytes of torn fragments cut off. */
  truncatedBytes: number;
}

export async function repairRecordings(dataDir: string, index: RepairIndex, logger: Logger): Promise<RepairReport> {
  const report: RepairReport = { closed: 0, adopted: 0, removed: 0, truncatedBytes: 0 };
  for (const row of index.openRows()) {
    const full = resolveRecordingPath(dataDir, row.path);
    const scan = await scanOrUndefined(full, logger);
    if (!scan || scan.fragments.length === 0) {
      index.remove(row.id);
      await rm(full, { force: true });
      report.removed++;
      continue;
    }
    report.truncatedBytes += await cutTornTail(full, scan);
    index.close(row.id, row.startMs + scan.mediaSeconds * 1000, scan.validEnd);
    report.closed++;
  }
  await adoptOrphans(dataDir, index, logger, report);
  if (report.closed + report.adopted + report.removed > 0)
    logger.info(report, 'recordings repaired after an unclean stop');
  return report;
}

/**
 * Files newer than a camera's newest row: written after a crash hit between creating a file and inserting
 * its row. Only the newest day folders are listed, so the cost does not grow with the archive.
 */
async function adoptOrphans(dataDir: string, index: RepairIndex, logger: Logger, report: RepairReport): Promise<void> {
  const root = join(dataDir, RECORDINGS_DIR);
  for (const cameraId of await listDir(root)) {
    const newest = index.newest(cameraId);
    const newestDay = newest ? newest.path.split('/').at(-2) : undefined;
    const days = (await listDir(join(root, cameraId))).filter((d) => !newestDay || d >= newestDay).sort();
    for (const day of days) {
      for (const name of (await listDir(join(root, cameraId, day))).sort()) {
        const path = `${RECORDINGS_DIR}/${cameraId}/${day}/${name}`;
        const startMs = startFromName(`${day}/${name}`);
        if (startMs === undefined || index.byPath(path)) continue;
        if (newest && startMs < Math.floor(newest.startMs / 1000) * 1000) continue;
        const full = resolveRecordingPath(dataDir, path);
        const scan = await scanOrUndefined(full, logger);
        if (!scan || scan.fragments.length === 0) {
          await rm(full, { force: true });
          report.removed++;
          continue;
        }
        report.truncatedBytes += await cutTornTail(full, scan);
        index.insert({
          cameraId,
          startMs,
          endMs: startMs + scan.mediaSeconds * 1000,
          bytes: scan.validEnd,
          path,
          open: false,
        });
        report.adopted++;
      }
    }
  }
}

async function cutTornTail(full: string, scan: FileScan): Promise<number> {
  if (scan.fileSize <= scan.validEnd) return 0;
  await truncate(full, scan.validEnd);
  return scan.fileSize - scan.validEnd;
}

async function scanOrUndefined(full: string, logger: Logger): Promise<FileScan | undefined> {
  try {
    return await scanRecordingFile(full);
  } catch (error) {
    // Missing or unparseable: nothing in it can be played, so the caller drops it.
    logger.warn({ path: full, err: errorMessage(error) }, 'unreadable recording dropped');
    return undefined;
  }
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
