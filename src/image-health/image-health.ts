// Camera image health: a still of each enabled camera judged once a day (a few cameras at a time) and on demand,
// each check stored, a problem published as an event, and the reference picture a re-aimed view is compared with.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { ImageHealthConfig } from '../config/index.js';
import type { ImageCheck, ImageMetrics, ImageReference, ImageVerdict } from '../contracts/index.js';
import type { DomainEvent } from '../events/index.js';
import { VigilError } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { dayStart, localDay } from '../shared/local-day.js';
import type { Logger } from '../shared/logger.js';
import type { Service } from '../shared/service.js';
import { evidencePath, resolveEvidence, writeEvidence } from '../supervision/index.js';
import type { CheckTrigger, ImageCheckStore } from './check-store.js';
import { ANALYSIS_WIDTH, COMPARE_WIDTH, grayOf, measureGray, similarity, type Gray } from './metrics.js';
import { judgePicture } from './verdict.js';

/** A JPEG of the camera's current picture; undefined when it gives none (offline, no keyframe). */
export type StillPort = (cameraId: string) => Promise<{ jpeg: Buffer } | undefined>;

export interface CheckedCamera {
  id: string;
  name: string;
  enabled: boolean;
}

export interface ImageHealthDeps {
  store: ImageCheckStore;
  stills: StillPort;
  cameras: { list(): readonly CheckedCamera[]; get(id: string): CheckedCamera | undefined };
  publish: (event: DomainEvent) => void;
  config: ImageHealthConfig;
  dataDir: string;
  now?: (() => number) | undefined;
  logger?: Logger | undefined;
}

const PROBLEM_TEXT: Record<string, string> = {
  black: 'shows a black or blank picture',
  blurred: 'shows a blurred picture',
  covered: 'looks covered',
  shifted: 'no longer shows its reference view (re-aimed)',
};

const round = (value: number): number => Math.round(value * 1000) / 1000;

export class ImageHealth implements Service {
  readonly name = 'image-health';
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<number> | undefined;
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  /** Reference thumbnails by file hash: read from disk once. */
  private readonly references = new Map<string, Gray>();
  private readonly now: () => number;

  constructor(private readonly deps: ImageHealthDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Looks every `intervalMinutes` whether the day's check is due; the first look one interval after the start. */
  start(): void {
    if (!this.deps.config.enabled) return;
    this.timer = setInterval(() => void this.runDueChecks(), this.deps.config.intervalMinutes * 60_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.round?.catch(() => undefined);
  }

  /**
   * From `dailyAt` on, checks every enabled camera not checked by the daily round today (a round cut short by a
   * restart goes on where it stopped); resolves to how many it checked. One round at a time.
   */
  runDueChecks(): Promise<number> {
    if (this.round) return this.round;
    const now = this.now();
    const [hours, minutes] = this.deps.config.dailyAt.split(':').map(Number);
    const dueAt = dayStart(localDay(new Date(now))).getTime() + ((hours ?? 0) * 60 + (minutes ?? 0)) * 60_000;
    if (now < dueAt) return Promise.resolve(0);
    const done = this.deps.store.checkedSince(dueAt, 'daily');
    const due = this.deps.cameras.list().filter((camera) => camera.enabled && !done.has(camera.id));
    this.round = this.checkAll(due).finally(() => (this.round = undefined));
    return this.round;
  }

  /** Checks the camera's picture now, stores the verdict and publishes what changed. */
  async check(cameraId: string, trigger: CheckTrigger): Promise<ImageCheck> {
    await this.slot();
    try {
      const { verdict, metrics } = await this.judge(cameraId);
      const previous = this.lastSeen(cameraId);
      const check = this.deps.store.add(cameraId, this.now(), verdict, trigger, metrics);
      this.announce(check, previous);
      return check;
    } finally {
      this.release();
    }
  }

  /** Takes the camera's current picture as its reference view; refused when that picture is itself a problem. */
  async setReference(cameraId: string, by: { userId: string; username: string }): Promise<ImageReference> {
    const still = await this.still(cameraId);
    if (!still) throw new VigilError('VIGIL_UNAVAILABLE', 'The camera gives no picture to take as the reference');
    const verdict = judgePicture(await this.measure(still.jpeg), this.deps.config.thresholds, undefined);
    if (verdict !== 'ok') {
      throw new VigilError('VIGIL_CONFLICT', `The current picture is ${verdict}: it cannot be the reference`, {
        details: { reason: 'reference_not_ok', verdict },
      });
    }
    const at = this.now();
    const path = evidencePath('references', at, `${newId('ref')}.jpg`);
    const file = writeEvidence(this.deps.dataDir, path, still.jpeg);
    const replaced = this.deps.store.setReference(cameraId, { path, sha256: file.sha256 }, at, by);
    if (replaced) rmSync(resolveEvidence(this.deps.dataDir, replaced), { force: true });
    const reference = this.reference(cameraId);
    if (!reference) throw new VigilError('VIGIL_INTERNAL', 'The reference was not stored');
    return reference;
  }

  reference(cameraId: string): ImageReference | undefined {
    const stored = this.deps.store.reference(cameraId);
    if (!stored) return undefined;
    const { path: _path, ...reference } = stored;
    return reference;
  }

  /** The reference picture's file, for serving. */
  referenceFile(cameraId: string): string | undefined {
    const stored = this.deps.store.reference(cameraId);
    const full = stored && resolveEvidence(this.deps.dataDir, stored.path);
    return full && existsSync(full) ? full : undefined;
  }

  private async checkAll(cameras: readonly CheckedCamera[]): Promise<number> {
    if (cameras.length === 0) return 0;
    this.deps.logger?.info({ cameras: cameras.length }, 'daily image check started');
    const queue = [...cameras];
    let checked = 0;
    const worker = async (): Promise<void> => {
      for (let camera = queue.shift(); camera; camera = queue.shift()) {
        try {
          await this.check(camera.id, 'daily');
          checked += 1;
        } catch (error) {
          this.deps.logger?.warn({ err: error, camera: camera.id }, 'image check failed');
        }
      }
    };
    await Promise.all(Array.from({ length: this.deps.config.concurrency }, worker));
    this.deps.logger?.info({ cameras: checked }, 'daily image check done');
    return checked;
  }

  private async judge(cameraId: string): Promise<{ verdict: ImageVerdict; metrics: ImageMetrics }> {
    const still = await this.still(cameraId);
    if (!still) return { verdict: 'unavailable', metrics: {} };
    const figures = await this.measure(still.jpeg);
    const reference = await this.referenceThumbnail(cameraId);
    const like = reference
      ? round(similarity(reference, await grayOf(still.jpeg, COMPARE_WIDTH), this.deps.config.thresholds.osdBand))
      : undefined;
    const metrics: ImageMetrics = {
      mean: round(figures.mean),
      stdev: round(figures.stdev),
      spread: figures.spread,
      sharpness: round(figures.sharpness),
      detail: round(figures.detail),
      ...(like === undefined ? {} : { similarity: like }),
    };
    return { verdict: judgePicture(figures, this.deps.config.thresholds, like), metrics };
  }

  private async measure(jpeg: Buffer) {
    return measureGray(await grayOf(jpeg, ANALYSIS_WIDTH), this.deps.config.thresholds.osdBand);
  }

  private async still(cameraId: string): Promise<{ jpeg: Buffer } | undefined> {
    try {
      return await this.deps.stills(cameraId);
    } catch (error) {
      this.deps.logger?.debug({ err: error, camera: cameraId }, 'no still for the image check');
      return undefined;
    }
  }

  private async referenceThumbnail(cameraId: string): Promise<Gray | undefined> {
    const stored = this.deps.store.reference(cameraId);
    if (!stored) return undefined;
    const cached = this.references.get(stored.sha256);
    if (cached) return cached;
    const file = this.referenceFile(cameraId);
    if (!file) return undefined;
    const gray = await grayOf(readFileSync(file), COMPARE_WIDTH);
    this.references.set(stored.sha256, gray);
    return gray;
  }

  /** The latest verdict that said something of the picture (an unavailable camera says nothing of it). */
  private lastSeen(cameraId: string): ImageVerdict | undefined {
    return this.deps.store.history(cameraId, 20).find((check) => check.verdict !== 'unavailable')?.verdict;
  }

  /** A problem every time it is found; back to ok once, after a problem. */
  private announce(check: ImageCheck, previous: ImageVerdict | undefined): void {
    const problem = PROBLEM_TEXT[check.verdict];
    const recovered = check.verdict === 'ok' && previous !== undefined && previous !== 'ok';
    if (!problem && !recovered) return;
    const name = this.deps.cameras.get(check.cameraId)?.name ?? check.cameraId;
    const metrics = Object.fromEntries(Object.entries(check.metrics).filter(([, v]) => typeof v === 'number'));
    this.deps.publish({
      type: `camera.image.${problem ? (check.verdict as 'black') : 'ok'}`,
      severity: problem ? 'warning' : 'info',
      message: problem ? `${name} ${problem}` : `${name} shows a normal picture again`,
      cameraId: check.cameraId,
      data: { checkId: check.id, trigger: check.trigger, metrics: metrics as Record<string, number> },
    });
  }

  /** At most `concurrency` checks at once; a finished check hands its slot to the next in line. */
  private async slot(): Promise<void> {
    if (this.running < this.deps.config.concurrency) this.running += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running -= 1;
  }
}
