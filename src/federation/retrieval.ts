// Retrieval of branch footage into the center's storage, as jobs: each branch file of the interval is read a paced
// piece at a time (within the cap and what live and playback leave of the link), resumed where it stopped after a line
// drop or a restart, checked by SHA-256 against the branch, then indexed as an ordinary recording of the camera.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { JobNotice, RecordFile, RetrievalJobView } from '../contracts/index.js';
import type { DomainEvent } from '../events/index.js';
import { sha256File } from '../playback/index.js';
import { recordingRelativePath, resolveRecordingPath, type NewRecording } from '../recording/index.js';
import { errorMessage, isVigilError, VigilError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { Service } from '../shared/service.js';
import { Pacer, RateMeter } from './pacer.js';
import type { RemoteRecordings } from './remote-recordings.js';
import { ACTIVE_STATES, RetrievalStore, type RetrievalJob, type RetrievalState } from './retrieval-store.js';

export const RETRIEVALS_DIR = 'retrievals';
/**
 * One request's worth: small enough that a piece more in a second stays within a 1 Mbit/s cap's tenth, large enough
 * that one request at a time still reaches the cap over a line with tens of milliseconds of round trip.
 */
const PIECE_BYTES = 12 * 1024;
const SAVE_EVERY_MS = 1_000;
const LINK_CHECK_MS = 1_000;
const HASH_ATTEMPTS = 2;

export interface RetrievalsOptions {
  store: RetrievalStore;
  remote: RemoteRecordings;
  dataDir: string;
  recordings: { insert(recording: NewRecording): number };
  isUp: (branchId: string) => boolean;
  /** The branch's own id of a mirrored camera. */
  localIdOf: (cameraId: string) => string | undefined;
  /** The rate a retrieval may use on a branch's link now: the cap, less what live and playback reserve. */
  rateKbps: (branchId: string) => number;
  capKbps: number;
  /** Every byte retrieved, for the link's meter. */
  onBytes: (branchId: string, bytes: number) => void;
  publish: (event: DomainEvent) => void;
  /** How a job goes, for its user's consoles. */
  notify?: (notice: JobNotice) => void;
  logger: Logger;
}

export interface NewRetrieval {
  cameraId: string;
  branchId: string;
  fromMs: number;
  toMs: number;
  userId: string | null;
  username: string | null;
  reason: string | null;
}

export class Retrievals implements Service {
  readonly name = 'federation-retrievals';
  /** One worker per branch: a branch's jobs run one after another, different branches side by side. */
  private readonly workers = new Map<string, Promise<void>>();
  /** The job each worker runs now (its state kept current by save), and how to stop it. */
  private readonly running = new Map<string, { job: RetrievalJob; controller: AbortController }>();
  private readonly meters = new Map<string, RateMeter>();
  private readonly pacers = new Map<string, Pacer>();
  /** Jobs whose branch audit was written (once per job and run of the hub). */
  private readonly audited = new Set<string>();
  private stopped = false;

  constructor(private readonly options: RetrievalsOptions) {}

  start(): Promise<void> {
    this.stopped = false;
    this.kick();
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const { controller } of this.running.values()) controller.abort();
    await Promise.all(this.workers.values());
  }

  create(request: NewRetrieval): RetrievalJob {
    const now = Date.now();
    const job: RetrievalJob = {
      ...request,
      id: `ret_${randomBytes(8).toString('hex')}`,
      state: 'queued',
      files: 0,
      filesDone: 0,
      bytes: 0,
      bytesDone: 0,
      error: null,
      createdAt: now,
      updatedAt: now,
    };
    this.options.store.insert(job);
    this.kick();
    return job;
  }

  get(id: string): RetrievalJob | undefined {
    return this.options.store.get(id);
  }

  list(cameraId: string | undefined, limit = 200): RetrievalJob[] {
    return this.options.store.list(cameraId, limit);
  }

  /** Stops a job that is not over; its partial files are deleted. False when it was over already. */
  async cancel(id: string): Promise<boolean> {
    const job = this.options.store.get(id);
    if (!job || !ACTIVE_STATES.includes(job.state)) return false;
    this.running.get(id)?.controller.abort();
    this.finish(job, 'canceled', null);
    await rm(this.partsDir(id), { recursive: true, force: true });
    return true;
  }

  /** The intervals of a camera still being fetched, for its timeline. */
  retrieving(cameraId: string, fromMs: number, toMs: number): { startMs: number; endMs: number }[] {
    return this.options.store
      .active()
      .filter((job) => job.cameraId === cameraId && job.toMs > fromMs && job.fromMs < toMs)
      .map((job) => ({ startMs: Math.max(job.fromMs, fromMs), endMs: Math.min(job.toMs, toMs) }));
  }

  /** Jobs fetching on a branch's link now: every link view asks, so it is answered from memory. */
  runningOn(branchId: string): number {
    let count = 0;
    for (const { job } of this.running.values()) if (job.branchId === branchId && job.state === 'running') count += 1;
    return count;
  }

  view(job: RetrievalJob): RetrievalJobView {
    return {
      id: job.id,
      cameraId: job.cameraId,
      branchId: job.branchId,
      from: new Date(job.fromMs).toISOString(),
      to: new Date(job.toMs).toISOString(),
      state: job.state,
      files: job.files,
      filesDone: job.filesDone,
      bytes: job.bytes,
      bytesDone: job.bytesDone,
      rateKbps: job.state === 'running' ? (this.meters.get(job.id)?.kbps() ?? 0) : 0,
      capKbps: this.options.capKbps,
      error: job.error,
      createdBy: job.username,
      createdAt: new Date(job.createdAt).toISOString(),
      updatedAt: new Date(job.updatedAt).toISOString(),
    };
  }

  /** Starts a worker for every branch with work and none running. */
  private kick(): void {
    if (this.stopped) return;
    for (const job of this.options.store.active()) {
      if (this.workers.has(job.branchId)) continue;
      const worker = this.work(job.branchId).finally(() => {
        this.workers.delete(job.branchId);
        // A job queued while the worker was finishing gets a worker of its own.
        if (this.options.store.active().some((next) => next.branchId === job.branchId)) this.kick();
      });
      this.workers.set(job.branchId, worker);
    }
  }

  private async work(branchId: string): Promise<void> {
    for (;;) {
      const job = this.options.store.active().find((next) => next.branchId === branchId);
      if (!job || this.stopped) return;
      const controller = new AbortController();
      this.running.set(job.id, { job, controller });
      try {
        await this.run(job, controller.signal);
      } finally {
        this.running.delete(job.id);
        this.meters.delete(job.id);
      }
      if (controller.signal.aborted) continue;
    }
  }

  private async run(job: RetrievalJob, signal: AbortSignal): Promise<void> {
    for (;;) {
      try {
        await this.untilUp(job, signal);
        this.save(job, 'running');
        await this.retrieveAll(job, signal);
        this.finish(job, 'done', null);
        await rm(this.partsDir(job.id), { recursive: true, force: true });
        return;
      } catch (error) {
        if (signal.aborted) return;
        if (isVigilError(error) && error.code === 'VIGIL_UNAVAILABLE') {
          // The line dropped: wait for it and go on from the bytes already here.
          this.options.logger.info({ job: job.id, err: error.message }, 'retrieval paused: branch unreachable');
          this.save(job, 'waiting');
          await sleep(LINK_CHECK_MS, undefined, { signal }).catch(() => undefined);
          continue;
        }
        this.finish(job, 'failed', errorMessage(error));
        return;
      }
    }
  }

  private async untilUp(job: RetrievalJob, signal: AbortSignal): Promise<void> {
    while (!this.options.isUp(job.branchId)) {
      if (job.state !== 'waiting') this.save(job, 'waiting');
      await sleep(LINK_CHECK_MS, undefined, { signal });
    }
  }

  private async retrieveAll(job: RetrievalJob, signal: AbortSignal): Promise<void> {
    const localId = this.options.localIdOf(job.cameraId);
    if (!localId) throw new VigilError('VIGIL_NOT_FOUND', `camera ${job.cameraId} is not a branch camera`);
    const viewer = this.audited.has(job.id)
      ? undefined
      : { username: job.username ?? 'unknown', reason: job.reason, purpose: 'retrieval' as const };
    const files = await this.options.remote.files(job.branchId, localId, job.fromMs, job.toMs, viewer);
    this.audited.add(job.id);
    const left = files.filter((file) => this.options.store.retrievedRecording(job.cameraId, file.id) === undefined);
    job.files = files.length;
    job.filesDone = files.length - left.length;
    job.bytes = files.reduce((sum, file) => sum + file.bytes, 0);
    job.bytesDone = job.bytes - left.reduce((sum, file) => sum + file.bytes, 0);
    this.save(job, 'running');
    for (const file of left) {
      await this.retrieveFile(job, localId, file, signal);
      signal.throwIfAborted();
      job.filesDone += 1;
      this.save(job, 'running');
    }
  }

  /** One file: fetched (resumed from its partial copy), verified by hash (fetched again once), indexed. */
  private async retrieveFile(job: RetrievalJob, localId: string, file: RecordFile, signal: AbortSignal) {
    const part = join(this.partsDir(job.id), `${file.id}.part`);
    await mkdir(dirname(part), { recursive: true });
    for (let attempt = 1; ; attempt += 1) {
      await this.fetchBytes(job, localId, file, part, signal);
      const [local, remote] = await Promise.all([
        sha256File(part),
        this.options.remote.hash(job.branchId, localId, file.id),
      ]);
      if (local === remote.sha256) return this.adopt(job, file, part, local);
      await rm(part, { force: true });
      if (attempt >= HASH_ATTEMPTS) {
        throw new VigilError('VIGIL_CONFLICT', `recording ${file.id} differs from the branch's copy after retrying`);
      }
      this.options.logger.warn({ job: job.id, file: file.id }, 'retrieved file failed its hash check: fetching again');
    }
  }

  private async fetchBytes(job: RetrievalJob, localId: string, file: RecordFile, part: string, signal: AbortSignal) {
    let offset = (await stat(part).catch(() => undefined))?.size ?? 0;
    let total = Math.max(file.bytes, offset + 1);
    const pacer = this.pacerOf(job.branchId);
    const meter = this.meters.get(job.id) ?? new RateMeter();
    this.meters.set(job.id, meter);
    const handle = await open(part, 'a');
    let savedAt = Date.now();
    try {
      while (offset < total) {
        const length = Math.min(PIECE_BYTES, total - offset);
        await pacer.take(length, signal);
        const piece = await this.options.remote.read(job.branchId, {
          cameraId: localId,
          fileId: file.id,
          part: 'file',
          offset,
          length,
        });
        signal.throwIfAborted();
        total = piece.partSize;
        if (piece.data.length === 0) break;
        await handle.write(piece.data);
        offset += piece.data.length;
        job.bytesDone += piece.data.length;
        meter.add(piece.data.length);
        this.options.onBytes(job.branchId, piece.data.length);
        if (Date.now() - savedAt >= SAVE_EVERY_MS) {
          savedAt = Date.now();
          this.save(job, 'running');
        }
      }
    } finally {
      await handle.close();
    }
  }

  /** Moves a verified copy into the camera's recordings and indexes it under the branch's id of the file. */
  private async adopt(job: RetrievalJob, file: RecordFile, part: string, sha256: string): Promise<void> {
    const { dataDir, recordings, store } = this.options;
    let path = recordingRelativePath(job.cameraId, file.startMs);
    for (let suffix = 1; await exists(resolveRecordingPath(dataDir, path)); suffix += 1) {
      path = recordingRelativePath(job.cameraId, file.startMs, suffix);
    }
    const full = resolveRecordingPath(dataDir, path);
    await mkdir(dirname(full), { recursive: true });
    const bytes = (await stat(part)).size;
    await rename(part, full);
    const recordingId = recordings.insert({
      cameraId: job.cameraId,
      startMs: file.startMs,
      endMs: file.endMs,
      bytes,
      path,
      open: false,
      discontinuity: file.discontinuity,
    });
    store.markRetrieved(job.cameraId, file.id, recordingId, sha256);
  }

  private pacerOf(branchId: string): Pacer {
    let pacer = this.pacers.get(branchId);
    if (!pacer) {
      pacer = new Pacer(() => this.options.rateKbps(branchId));
      this.pacers.set(branchId, pacer);
    }
    return pacer;
  }

  private partsDir(jobId: string): string {
    return join(this.options.dataDir, RETRIEVALS_DIR, jobId);
  }

  /** Writes a job's state and counters (at most about once a second while it runs) and tells its user. */
  private save(job: RetrievalJob, state: RetrievalState): void {
    job.state = state;
    job.updatedAt = Date.now();
    this.options.store.save(job);
    if (job.userId) this.options.notify?.({ kind: 'retrieval', userId: job.userId, job: this.view(job) });
  }

  private finish(job: RetrievalJob, state: 'done' | 'failed' | 'canceled', error: string | null): void {
    job.error = error;
    this.save(job, state);
    if (state === 'canceled') return;
    const range = `${new Date(job.fromMs).toISOString()} – ${new Date(job.toMs).toISOString()}`;
    this.options.publish({
      type: state === 'done' ? 'federation.retrieval.done' : 'federation.retrieval.failed',
      severity: state === 'done' ? 'info' : 'warning',
      cameraId: job.cameraId,
      orgUnitId: job.branchId,
      message:
        state === 'done'
          ? `Retrieval of ${job.cameraId} (${range}) is complete: ${job.files} file(s), every hash checked`
          : `Retrieval of ${job.cameraId} (${range}) failed: ${error ?? 'unknown error'}`,
      data: { jobId: job.id, files: job.files, bytes: job.bytes, error },
    });
  }
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}
