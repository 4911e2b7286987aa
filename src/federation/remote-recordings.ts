// The center's questions to a branch about its recordings, over the link: the files of a range (all pages), a piece of
// a file's bytes, a file's SHA-256. A branch that cannot be asked is a 503 the caller can show.
import type { NatsConnection } from '@nats-io/transport-node';
import {
  RangesReply,
  RecordFilesReply,
  RecordHashReply,
  type RangesRequest,
  type RecordFile,
  type RecordFilesRequest,
  type RecordReadRequest,
  type RemoteViewer,
} from '../contracts/index.js';
import { VigilError } from '../shared/errors.js';
import { ERROR_HEADER, PART_SIZE_HEADER } from './branch-records.js';
import { decode, encode } from './connection.js';
import { subjects } from './nats-conf.js';

export interface RemoteRecordingsOptions {
  connection: () => NatsConnection | undefined;
  isUp: (branchId: string) => boolean;
  /**
   * How long one answer may take (a piece queues behind the live streams on a thin line; a hash reads a whole file
   * and gets three times this). A cut line is noticed this soon.
   */
  timeoutMs?: number;
}

/** A piece of a branch file, and the size of the part it was read from. */
export interface RecordPiece {
  data: Uint8Array;
  partSize: number;
}

type Span = { startMs: number; endMs: number };

const unreachable = (branchId: string) =>
  new VigilError('VIGIL_UNAVAILABLE', `branch hub ${branchId} is unreachable: its recordings cannot be read now`, {
    details: { reason: 'branch_unreachable', branchId },
  });

export class RemoteRecordings {
  private readonly timeoutMs: number;

  constructor(private readonly options: RemoteRecordingsOptions) {
    this.timeoutMs = options.timeoutMs ?? 5_000;
  }

  /** What a branch recorded of one of its cameras in [from, to]: its runs and the gaps between them. */
  async ranges(
    branchId: string,
    cameraId: string,
    fromMs: number,
    toMs: number,
  ): Promise<{ recorded: Span[]; gaps: Span[] }> {
    const request: RangesRequest = { cameraId, fromMs, toMs };
    const reply = RangesReply.parse(decode((await this.ask(branchId, subjects.ranges(branchId), request)).data));
    if (!reply.ok) throw new VigilError('VIGIL_VALIDATION', `branch hub ${branchId}: ${reply.message}`);
    return { recorded: reply.recorded, gaps: reply.gaps };
  }

  /** The closed files of a branch camera in [from, to], oldest first; the first page carries the viewer's audit. */
  async files(
    branchId: string,
    cameraId: string,
    fromMs: number,
    toMs: number,
    viewer?: RemoteViewer,
  ): Promise<RecordFile[]> {
    const files: RecordFile[] = [];
    let request: RecordFilesRequest = { cameraId, fromMs, toMs, ...(viewer ? { viewer } : {}) };
    for (;;) {
      const page = await this.askFiles(branchId, request);
      files.push(...page.files);
      const last = page.files.at(-1);
      if (!page.more || !last) return files;
      request = { cameraId, fromMs, toMs, afterMs: last.startMs };
    }
  }

  /** One closed file of a branch camera, or undefined when the branch has no such file. */
  async file(branchId: string, cameraId: string, fileId: number): Promise<RecordFile | undefined> {
    const page = await this.askFiles(branchId, { cameraId, fromMs: 0, toMs: 1, fileId });
    return page.files[0];
  }

  async read(branchId: string, request: RecordReadRequest): Promise<RecordPiece> {
    const reply = await this.ask(branchId, subjects.recRead(branchId), request);
    const error = reply.headers?.get(ERROR_HEADER);
    if (error) throw new VigilError('VIGIL_NOT_FOUND', `branch hub ${branchId}: ${error}`);
    const partSize = Number(reply.headers?.get(PART_SIZE_HEADER));
    if (!Number.isSafeInteger(partSize)) throw unreachable(branchId);
    return { data: reply.data, partSize };
  }

  async hash(branchId: string, cameraId: string, fileId: number): Promise<{ sha256: string; bytes: number }> {
    const reply = await this.ask(branchId, subjects.recHash(branchId), { cameraId, fileId }, 3 * this.timeoutMs);
    const parsed = RecordHashReply.parse(decode(reply.data));
    if (!parsed.ok) throw new VigilError('VIGIL_NOT_FOUND', `branch hub ${branchId}: ${parsed.message}`);
    return parsed;
  }

  private async askFiles(branchId: string, request: RecordFilesRequest) {
    const reply = await this.ask(branchId, subjects.recFiles(branchId), request);
    const parsed = RecordFilesReply.parse(decode(reply.data));
    if (!parsed.ok) throw new VigilError('VIGIL_VALIDATION', `branch hub ${branchId}: ${parsed.message}`);
    return parsed;
  }

  private async ask(branchId: string, subject: string, body: unknown, timeout = this.timeoutMs) {
    const connection = this.options.connection();
    if (!connection || !this.options.isUp(branchId)) throw unreachable(branchId);
    try {
      return await connection.request(subject, encode(body), { timeout });
    } catch {
      throw unreachable(branchId);
    }
  }
}
