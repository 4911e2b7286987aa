// A branch hub's answers to the center about its recordings: the timeline's ranges, the files of a range, their
// bytes a piece at a time and each file's SHA-256. Only files the index lists are read, and only closed ones.
import { open } from 'node:fs/promises';
import { headers, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import {
  RecordFilesRequest,
  RecordHashRequest,
  RecordReadRequest,
  RangesRequest,
  type RangesReply,
  type RecordFilesReply,
  type RecordHashReply,
} from '../contracts/index.js';
import type { DomainEvent } from '../events/index.js';
import {
  InitSizeCache,
  PlaybackCatalog,
  partBounds,
  sha256File,
  type RecordingFileInfo,
  type RecordingLookup,
} from '../playback/index.js';
import { resolveRecordingPath } from '../recording/index.js';
import { errorMessage } from '../shared/errors.js';
import { decode, encode } from './connection.js';
import { subjects } from './nats-conf.js';

/** Headers of a read's reply: the size of the part read, or why nothing was read. */
export const PART_SIZE_HEADER = 'Vigil-Part-Size';
export const ERROR_HEADER = 'Vigil-Error';

const MAX_SPAN_MS = 31 * 86_400_000;
const PAGE = 500;
const HASHES_KEPT = 5_000;

export interface BranchRecordsOptions {
  branchId: string;
  dataDir: string;
  lookup: RecordingLookup;
  nameOf: (cameraId: string) => string | undefined;
  publish: (event: DomainEvent) => void;
}

const safeDecode = (data: Uint8Array): unknown => {
  try {
    return decode(data);
  } catch {
    return undefined;
  }
};

export class BranchRecords {
  private readonly catalog: PlaybackCatalog;
  private readonly inits = new InitSizeCache();
  /** SHA-256 of closed files by id: a closed file never changes, and a retrieval asks once per file. */
  private readonly hashes = new Map<number, string>();
  private subscriptions: Subscription[] = [];

  constructor(private readonly options: BranchRecordsOptions) {
    this.catalog = new PlaybackCatalog({ lookup: options.lookup });
  }

  start(connection: NatsConnection): void {
    const { branchId } = this.options;
    const answer = (subject: string, reply: (message: Msg) => Promise<void> | void) =>
      connection.subscribe(subject, {
        callback: (_error, message) => {
          void Promise.resolve(reply(message)).catch((error: unknown) =>
            message.respond(encode({ ok: false, message: errorMessage(error) })),
          );
        },
      });
    this.subscriptions = [
      answer(subjects.ranges(branchId), (message) => void message.respond(encode(this.ranges(message.data)))),
      answer(subjects.recFiles(branchId), (message) => void message.respond(encode(this.files(message.data)))),
      answer(subjects.recHash(branchId), async (message) => {
        message.respond(encode(await this.hash(message.data)));
      }),
      answer(subjects.recRead(branchId), (message) => this.read(message)),
    ];
  }

  stop(): void {
    for (const subscription of this.subscriptions.splice(0)) subscription.unsubscribe();
  }

  private ranges(data: Uint8Array): RangesReply {
    const request = RangesRequest.safeParse(safeDecode(data));
    if (!request.success) return { ok: false, message: 'malformed ranges request' };
    const { cameraId, fromMs, toMs } = request.data;
    if (toMs <= fromMs || toMs - fromMs > MAX_SPAN_MS) return { ok: false, message: 'ranges of at most 31 days' };
    const { recorded, gaps } = this.catalog.ranges(cameraId, fromMs, toMs);
    return { ok: true, recorded: [...recorded], gaps: [...gaps] };
  }

  private files(data: Uint8Array): RecordFilesReply {
    const parsed = RecordFilesRequest.safeParse(safeDecode(data));
    if (!parsed.success) return { ok: false, message: 'malformed files request' };
    const request = parsed.data;
    if (request.fileId !== undefined) {
      const file = this.closedFile(request.cameraId, request.fileId);
      return { ok: true, files: file ? [wire(file)] : [], more: false };
    }
    const { cameraId, fromMs, toMs } = request;
    if (toMs <= fromMs || toMs - fromMs > MAX_SPAN_MS) return { ok: false, message: 'a range of at most 31 days' };
    const after = request.afterMs ?? Number.NEGATIVE_INFINITY;
    const closed = this.options.lookup.files(cameraId, fromMs, toMs).filter((f) => !f.open && f.startMs > after);
    const limit = request.limit ?? PAGE;
    if (request.viewer) this.audit(cameraId, fromMs, toMs, request.viewer);
    return { ok: true, files: closed.slice(0, limit).map(wire), more: closed.length > limit };
  }

  private audit(cameraId: string, fromMs: number, toMs: number, viewer: NonNullable<RecordFilesRequest['viewer']>) {
    const name = this.options.nameOf(cameraId) ?? cameraId;
    const range = `${new Date(fromMs).toISOString()} – ${new Date(toMs).toISOString()}`;
    const what = viewer.purpose === 'retrieval' ? 'retrieves the recordings' : 'plays back the recordings';
    this.options.publish({
      type: viewer.purpose === 'retrieval' ? 'audit.retrieval.remote' : 'audit.playback.remote',
      severity: 'info',
      cameraId,
      message: `${viewer.username} (center) ${what} of ${name}, ${range}`,
      data: { username: viewer.username, reason: viewer.reason, fromMs, toMs },
    });
  }

  private async hash(data: Uint8Array): Promise<RecordHashReply> {
    const request = RecordHashRequest.safeParse(safeDecode(data));
    if (!request.success) return { ok: false, message: 'malformed hash request' };
    const file = this.closedFile(request.data.cameraId, request.data.fileId);
    if (!file) return { ok: false, message: `no closed recording ${request.data.fileId} of that camera` };
    let sha256 = this.hashes.get(file.id);
    if (!sha256) {
      sha256 = await sha256File(resolveRecordingPath(this.options.dataDir, file.path));
      if (this.hashes.size >= HASHES_KEPT) this.hashes.delete(this.hashes.keys().next().value as number);
      this.hashes.set(file.id, sha256);
    }
    return { ok: true, sha256, bytes: file.bytes };
  }

  /** Replies with the bytes asked for, and the part's size in a header (an error header instead on failure). */
  private async read(message: Msg): Promise<void> {
    const reply = headers();
    const request = RecordReadRequest.safeParse(safeDecode(message.data));
    const file = request.success ? this.closedFile(request.data.cameraId, request.data.fileId) : undefined;
    if (!request.success || !file) {
      reply.set(ERROR_HEADER, request.success ? 'no such closed recording' : 'malformed read request');
      return void message.respond(new Uint8Array(0), { headers: reply });
    }
    const full = resolveRecordingPath(this.options.dataDir, file.path);
    const { start, stop } = await partBounds(full, file, request.data.part, this.inits);
    const from = start + request.data.offset;
    const length = Math.max(0, Math.min(request.data.length, stop - from));
    const bytes = Buffer.alloc(length);
    if (length > 0) {
      const handle = await open(full, 'r');
      try {
        await handle.read(bytes, 0, length, from);
      } finally {
        await handle.close();
      }
    }
    reply.set(PART_SIZE_HEADER, String(stop - start));
    message.respond(bytes, { headers: reply });
  }

  private closedFile(cameraId: string, fileId: number): RecordingFileInfo | undefined {
    const file = this.options.lookup.byId(fileId);
    return file && file.cameraId === cameraId && !file.open ? file : undefined;
  }
}

const wire = (file: RecordingFileInfo) => ({
  id: file.id,
  startMs: file.startMs,
  endMs: file.endMs,
  bytes: file.bytes,
  discontinuity: file.discontinuity ?? false,
});
