// The export directory on disk: its clips with their age, size and author; deletion by age and by the space budget.
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DomainEvent } from '../events/index.js';
import { EXPORTS_DIR } from '../recording/index.js';
import { errorMessage, silentLogger, type Logger } from '../shared/index.js';
import type { StoredClip } from './export-limits.js';
import { MANIFEST_NAME, type ExportManifest } from './manifest.js';

// Ids the hub makes are `exp_` and 12 characters; a longer one is never an export (and no file name to look up).
export const EXPORT_ID = /^exp_[a-z0-9]{10,40}$/;

export interface ExportStoreOptions {
  readonly dataDir: string;
  readonly retentionMs: number;
  readonly budgetBytes: number;
  readonly publish?: (event: DomainEvent) => void;
  readonly logger?: Logger;
}

export interface ExportPruneReport {
  age: string[];
  budget: string[];
  bytes: number;
}

export class ExportStore {
  private readonly logger: Logger;
  private readonly root: string;

  constructor(private readonly options: ExportStoreOptions) {
    this.logger = options.logger ?? silentLogger();
    this.root = join(options.dataDir, EXPORTS_DIR);
  }

  /** Every export directory, oldest first; one without a manifest (running, or left by a crash) dates by its mtime. */
  async list(): Promise<StoredClip[]> {
    let names: string[];
    try {
      names = await readdir(this.root);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const clips: StoredClip[] = [];
    for (const id of names.filter((name) => EXPORT_ID.test(name))) {
      const clip = await this.read(id);
      if (clip) clips.push(clip);
    }
    return clips.sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Deletes exports past their retention, then the oldest while the store is over its budget; `active` are kept. */
  async prune(now: number, active: ReadonlySet<string>): Promise<ExportPruneReport> {
    const report: ExportPruneReport = { age: [], budget: [], bytes: 0 };
    const clips = await this.list();
    // Running exports take space too, but are never deleted.
    let total = clips.reduce((sum, clip) => sum + clip.bytes, 0);
    for (const clip of clips.filter((one) => !active.has(one.id))) {
      const reason =
        clip.createdAt < now - this.options.retentionMs
          ? 'age'
          : total > this.options.budgetBytes
            ? 'budget'
            : undefined;
      if (!reason) continue;
      if (!(await this.remove(clip.id))) continue;
      report[reason].push(clip.id);
      report.bytes += clip.bytes;
      total -= clip.bytes;
    }
    this.announce(report);
    return report;
  }

  private async read(id: string): Promise<StoredClip | undefined> {
    const dir = join(this.root, id);
    try {
      const info = await stat(dir);
      if (!info.isDirectory()) return undefined;
      let bytes = 0;
      for (const name of await readdir(dir)) bytes += (await stat(join(dir, name))).size;
      const manifest = await readFile(join(dir, MANIFEST_NAME), 'utf8').then(
        (text) => JSON.parse(text) as ExportManifest,
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return undefined;
          throw error;
        },
      );
      const created = manifest ? Date.parse(manifest.createdAt) : NaN;
      return {
        id,
        bytes,
        createdAt: Number.isFinite(created) ? created : info.mtimeMs,
        createdBy: manifest?.createdBy ?? null,
      };
    } catch (error) {
      // Deleted while listed (pruned, or a failed export cleaned up): it is simply not there any more.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  private async remove(id: string): Promise<boolean> {
    try {
      await rm(join(this.root, id), { recursive: true, force: true });
      return true;
    } catch (error) {
      this.logger.warn({ export: id, err: errorMessage(error) }, 'could not delete an export');
      return false;
    }
  }

  private announce(report: ExportPruneReport): void {
    const ids = [...report.age, ...report.budget];
    if (ids.length === 0) return;
    const days = Math.round(this.options.retentionMs / 86_400_000);
    this.logger.info({ ...report }, 'exports pruned');
    this.options.publish?.({
      type: 'export.deleted',
      severity: 'info',
      message:
        `Export retention removed ${ids.length} exported clip(s) (${(report.bytes / 1e6).toFixed(1)} MB): ` +
        `${report.age.length} older than ${days} day(s), ${report.budget.length} over the export store's budget.`,
      data: {
        exports: ids.length,
        bytes: report.bytes,
        byReason: { age: report.age.length, budget: report.budget.length },
        ids: ids.slice(0, 100),
      },
    });
  }
}
