// Case export: one folder under <data>/evidence/cases/<case>/<stamp>/ with the clips (ffmpeg -c copy from the
// recordings), snapshots, photos, report.pdf and manifest.sha256 (`sha256sum -c` verifies it); a few at a time.
import { EventEmitter } from 'node:events';
import { copyFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { CaseDetail, CaseExportJob } from '../contracts/index.js';
import { concatPlan, exportArgs, runExportFfmpeg, sha256File } from '../playback/index.js';
import { errorMessage, silentLogger, VigilError, type Logger } from '../shared/index.js';
import { caseReportPdf } from './case-report.js';
import type { CaseMaterialSource, CaseNotice } from './case-views.js';
import { EVIDENCE_DIR, resolveEvidence } from './evidence-files.js';

export const MANIFEST_SHA256 = 'manifest.sha256';
export const REPORT_PDF = 'report.pdf';
/** An export's id is its folder's name: when it was made (UTC) and a random tail. */
export const CASE_EXPORT_ID = /^\d{8}T\d{6}Z-[a-z0-9]{6}$/;

export interface CaseExportOptions {
  dataDir: string;
  ffmpegPath: string;
  recordings: {
    files(
      cameraId: string,
      fromMs: number,
      toMs: number,
    ): ReadonlyArray<{
      path: string;
      startMs: number;
      endMs: number;
      open: boolean;
    }>;
  };
  snapshots: { fileOf(id: string): string | undefined };
  material?: CaseMaterialSource | undefined;
  /** Exports running at once; the rest wait in order. */
  maxConcurrent?: number;
  /** Exports waiting at most; beyond, a request is refused (evidence folders are never pruned by retention). */
  maxQueued?: number;
  logger?: Logger;
}

interface FileEntry {
  path: string;
  bytes: number;
  sha256: string;
  itemId: string | null;
}

type Job = CaseExportJob & { exportedAt: number; detail: CaseDetail };

export interface CaseExportEvents {
  finished: [CaseExportJob];
}

/** `20261207T052311Z` */
const stampOf = (ms: number): string => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
const randomTail = (): string => Math.random().toString(36).slice(2, 8).padEnd(6, '0');

export class CaseExportService extends EventEmitter<CaseExportEvents> {
  readonly name = 'case-exports';
  private readonly jobs = new Map<string, Job>();
  private readonly waiting: Job[] = [];
  private readonly kills = new Set<() => void>();
  private active = 0;
  private stopping = false;
  private readonly logger: Logger;

  constructor(private readonly options: CaseExportOptions) {
    super();
    this.logger = options.logger ?? silentLogger();
  }

  start(): void {}

  async stop(): Promise<void> {
    this.stopping = true;
    for (const kill of this.kills) kill();
  }

  /** The case's export folder, relative to the data dir. */
  folderOf(caseId: string, exportId: string): string {
    return [EVIDENCE_DIR, 'cases', caseId, exportId].join('/');
  }

  /** Queues an export of the case as it is now; the job is returned at once. */
  request(detail: CaseDetail, by: string | null): CaseExportJob {
    const maxQueued = this.options.maxQueued ?? 8;
    if (this.waiting.length >= maxQueued)
      throw new VigilError('VIGIL_QUOTA_EXCEEDED', `${maxQueued} case exports are waiting already; try again later`, {
        details: { limit: 'queue-full', used: this.waiting.length, max: maxQueued, freesAt: null },
      });
    const exportedAt = Date.now();
    const id = `${stampOf(exportedAt)}-${randomTail()}`;
    const job: Job = {
      id,
      caseId: detail.id,
      state: 'queued',
      progress: 0,
      createdAt: new Date(exportedAt).toISOString(),
      createdBy: by,
      files: [],
      bytes: 0,
      error: null,
      downloadUrl: `/api/cases/${detail.id}/exports/${id}/download`,
      exportedAt,
      detail,
    };
    this.jobs.set(id, job);
    this.waiting.push(job);
    this.next();
    return this.view(job);
  }

  /** A job of this hub's run, or a finished folder of an earlier one (read back from its manifest). */
  async get(caseId: string, exportId: string): Promise<CaseExportJob | undefined> {
    if (!CASE_EXPORT_ID.test(exportId)) return undefined;
    const job = this.jobs.get(exportId);
    if (job) return job.caseId === caseId ? this.view(job) : undefined;
    const folder = resolveEvidence(this.options.dataDir, this.folderOf(caseId, exportId));
    const manifest = await readFile(join(folder, MANIFEST_SHA256), 'utf8').catch(() => undefined);
    if (manifest === undefined) return undefined;
    const files = await Promise.all(
      manifest
        .split('\n')
        .filter(Boolean)
        .map(async (line) => {
          const [sha256 = '', path = ''] = line.split(/ {2}/);
          return { path, sha256, bytes: (await stat(join(folder, path))).size };
        }),
    );
    const stamp = exportId.slice(0, 16).replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z');
    return {
      id: exportId,
      caseId,
      state: 'done',
      progress: 1,
      createdAt: new Date(stamp).toISOString(),
      createdBy: null,
      files,
      bytes: files.reduce((sum, file) => sum + file.bytes, 0),
      error: null,
      downloadUrl: `/api/cases/${caseId}/exports/${exportId}/download`,
    };
  }

  /** A file of a finished export folder (a name the manifest lists, or the manifest), as a full path. */
  async fileOf(caseId: string, exportId: string, path: string): Promise<string | undefined> {
    const job = await this.get(caseId, exportId);
    if (job?.state !== 'done') return undefined;
    if (path !== MANIFEST_SHA256 && !job.files.some((file) => file.path === path)) return undefined;
    return resolveEvidence(this.options.dataDir, `${this.folderOf(caseId, exportId)}/${path}`);
  }

  private view(job: Job): CaseExportJob {
    const { exportedAt: _at, detail: _detail, ...view } = job;
    return { ...view, files: [...job.files] };
  }

  private next(): void {
    while (!this.stopping && this.active < (this.options.maxConcurrent ?? 1) && this.waiting.length > 0) {
      const job = this.waiting.shift() as Job;
      this.active++;
      void this.run(job).finally(() => {
        this.active--;
        this.emit('finished', this.view(job));
        this.next();
      });
    }
  }

  private async run(job: Job): Promise<void> {
    const relative = this.folderOf(job.caseId, job.id);
    const folder = resolveEvidence(this.options.dataDir, relative);
    const work = `${folder}.work`;
    job.state = 'running';
    try {
      await mkdir(work, { recursive: true });
      const files = await this.gather(job, folder, work);
      const notices = this.notices(job.detail);
      const report = await caseReportPdf({
        detail: job.detail,
        exportId: job.id,
        exportedAt: job.exportedAt,
        exportedBy: job.createdBy,
        notices,
        noticesAvailable: this.options.material !== undefined,
        files,
      });
      await writeFile(join(folder, REPORT_PDF), report, { flush: true });
      files.push(await this.entry(folder, REPORT_PDF, null));
      // Hashed today, from the files as written: `sha256sum -c` in the folder checks each one.
      const manifest = files.map((file) => `${file.sha256}  ${file.path}\n`).join('');
      await writeFile(join(folder, MANIFEST_SHA256), manifest, { flush: true });
      Object.assign(job, {
        state: 'done',
        progress: 1,
        files: files.map(({ path, bytes, sha256 }) => ({ path, bytes, sha256 })),
        bytes: files.reduce((sum, file) => sum + file.bytes, 0),
      });
    } catch (error) {
      Object.assign(job, { state: 'failed', error: errorMessage(error) });
      this.logger.error({ case: job.caseId, export: job.id, err: errorMessage(error) }, 'case export failed');
      await rm(folder, { recursive: true, force: true }).catch(() => undefined);
    } finally {
      await rm(work, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  /** Clips, snapshots and photos into the folder; progress by item, a clip's by ffmpeg's own. */
  private async gather(job: Job, folder: string, work: string): Promise<FileEntry[]> {
    const items = job.detail.items;
    const files: FileEntry[] = [];
    for (const dir of ['clips', 'snapshots', 'photos']) await mkdir(join(folder, dir), { recursive: true });
    for (const [index, item] of items.entries()) {
      const step = (part: number): void => {
        job.progress = Math.min(0.95, (index + part) / Math.max(1, items.length));
      };
      const refId = item.refId ?? '';
      if (item.kind === 'clip') {
        const clip = await this.clip(job, item, index, folder, work, step);
        if (clip) files.push(clip);
      } else if (item.kind === 'snapshot') {
        const source = this.options.snapshots.fileOf(refId);
        if (source) files.push(await this.copied(folder, source, `snapshots/${refId}.jpg`, item.id));
      } else if (item.kind === 'photo') {
        const photo = this.options.material?.photo(refId);
        if (photo) {
          const source = resolveEvidence(this.options.dataDir, photo.path);
          files.push(await this.copied(folder, source, `photos/${refId}${extname(photo.path)}`, item.id));
        }
      }
      step(1);
    }
    return files;
  }

  private async clip(
    job: Job,
    item: CaseDetail['items'][number],
    index: number,
    folder: string,
    work: string,
    step: (part: number) => void,
  ): Promise<FileEntry | undefined> {
    const { cameraId, fromMs, toMs } = item;
    if (cameraId === null || fromMs === null || toMs === null) return undefined;
    const sources = this.options.recordings.files(cameraId, fromMs, toMs).filter((file) => !file.open);
    if (sources.length === 0) return undefined;
    if (this.stopping) throw new VigilError('VIGIL_UNAVAILABLE', 'The hub is stopping');
    const plan = concatPlan(this.options.dataDir, sources, fromMs, toMs);
    const listPath = join(work, `clip-${index}.ffconcat`);
    await writeFile(listPath, plan.list);
    const name = `clips/${String(index + 1).padStart(2, '0')}-${cameraId}-${stampOf(fromMs)}.mp4`;
    let kill: (() => void) | undefined;
    try {
      await runExportFfmpeg({
        ffmpegPath: this.options.ffmpegPath,
        args: exportArgs(listPath, join(folder, name), plan.startOffset, plan.length),
        length: plan.length,
        onSpawn: (stop) => {
          kill = stop;
          this.kills.add(stop);
        },
        onProgress: step,
      });
    } finally {
      if (kill) this.kills.delete(kill);
    }
    this.logger.debug({ case: job.caseId, export: job.id, clip: name }, 'case clip cut');
    return this.entry(folder, name, item.id);
  }

  private async copied(folder: string, source: string, name: string, itemId: string): Promise<FileEntry> {
    await copyFile(source, join(folder, name));
    return this.entry(folder, name, itemId);
  }

  private async entry(folder: string, name: string, itemId: string | null): Promise<FileEntry> {
    const full = join(folder, name);
    return { path: name, bytes: (await stat(full)).size, sha256: await sha256File(full), itemId };
  }

  private notices(detail: CaseDetail): CaseNotice[] {
    const material = this.options.material;
    if (!material) return [];
    return detail.items.flatMap((item) => {
      const notice = item.kind === 'notice' && item.refId ? material.notice(item.refId) : undefined;
      return notice ? [notice] : [];
    });
  }
}
