// Playback at the center of a branch camera's footage: its timeline from the branch's index with what the center holds,
// playlists naming the branch's files, and their bytes from the center's retrieved copy or relayed from the branch,
// paced to a reservation on the link (refused with the reason when the link is full).
import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import type { RecordFile } from '../contracts/index.js';
import {
  InitSizeCache,
  MP4_TYPE,
  PlaybackCatalog,
  renderVodPlaylist,
  sendSlice,
  sendWholeFile,
  type FilePart,
  type PlaylistFile,
  type RecordingFileInfo,
  type RecordingLookup,
  type VodPlaylist,
  type RemoteFootage,
  type RemoteRanges,
  type RemoteViewerInfo,
  type RetrievalDoor,
} from '../playback/index.js';
import { drained } from '../shared/drained.js';
import { isVigilError } from '../shared/errors.js';
import type { LinkBudget } from './link-budget.js';
import { Pacer } from './pacer.js';
import type { RemoteRecordings } from './remote-recordings.js';
import type { RetrievalStore } from './retrieval-store.js';

type Span = { startMs: number; endMs: number };
const RELAY_PIECE_BYTES = 64 * 1024;
const KNOWN_FILES = 20_000;
/** A playlist asked for again within this long is the same view for the branch's audit (as at the center). */
const AUDIT_WINDOW_MS = 10 * 60_000;

export interface RemotePlaybackOptions {
  /** The branch and the branch's own id of a mirrored camera; undefined for this hub's own cameras. */
  mirrored: (cameraId: string) => { branchId: string; localId: string } | undefined;
  /** Runs an admission for a camera's playback (a refusal becomes an event, then is thrown on). */
  admitting?: (cameraId: string, admit: () => void) => void;
  branchRanges: (
    branchId: string,
    localId: string,
    fromMs: number,
    toMs: number,
  ) => Promise<{ recorded: Span[]; gaps: Span[] }>;
  remote: RemoteRecordings;
  /** The center's own index, where retrieved files are recordings of the mirrored camera. */
  recordings: RecordingLookup;
  store: RetrievalStore;
  retrievals: RetrievalDoor & { retrieving(cameraId: string, fromMs: number, toMs: number): Span[] };
  dataDir: string;
  budget: (branchId: string) => LinkBudget | undefined;
  now?: () => number;
}

const unavailable = (error: unknown): boolean => isVigilError(error) && error.code === 'VIGIL_UNAVAILABLE';

export class RemotePlayback implements RemoteFootage {
  private readonly local: PlaybackCatalog;
  private readonly inits = new InitSizeCache();
  /** Branch files seen in playlists, by `<camera>/<branch file id>`: their requests need no question to the branch. */
  private readonly known = new Map<string, RecordingFileInfo>();
  private readonly now: () => number;
  /** Views whose branch audit was asked for, oldest first, with when. */
  private readonly asked = new Map<string, number>();

  constructor(private readonly options: RemotePlaybackOptions) {
    this.local = new PlaybackCatalog({ lookup: options.recordings });
    this.now = options.now ?? Date.now;
  }

  get retrievals(): RetrievalDoor {
    return this.options.retrievals;
  }

  owns(cameraId: string): boolean {
    return this.options.mirrored(cameraId) !== undefined;
  }

  async ranges(cameraId: string, fromMs: number, toMs: number): Promise<RemoteRanges> {
    const { branchId, localId } = this.where(cameraId);
    const retrievedHere = this.local.ranges(cameraId, fromMs, toMs);
    const extra = {
      retrieved: retrievedHere.recorded,
      retrieving: this.options.retrievals.retrieving(cameraId, fromMs, toMs),
    };
    try {
      const branch = await this.options.branchRanges(branchId, localId, fromMs, toMs);
      return { ...extra, ...branch, cameraId, fromMs, toMs, unreachable: false };
    } catch (error) {
      // The branch cannot be asked: what the center holds still plays.
      if (!unavailable(error) || retrievedHere.recorded.length === 0) throw error;
      return { ...retrievedHere, ...extra, unreachable: true };
    }
  }

  async playlist(
    cameraId: string,
    fromMs: number,
    toMs: number,
    query: string,
    viewer: RemoteViewerInfo,
  ): Promise<VodPlaylist> {
    const { branchId, localId } = this.where(cameraId);
    let files: PlaylistFile[];
    try {
      // The branch audits a view once: a playlist that reaches now is reloaded by the player every few seconds.
      const audit = this.firstAsk(`${viewer.username}|${cameraId}|${fromMs}|${toMs}`)
        ? { ...viewer, purpose: 'playback' as const }
        : undefined;
      const listed = await this.options.remote.files(branchId, localId, fromMs, toMs, audit);
      files = listed.map((file) => this.remember(cameraId, file));
    } catch (error) {
      files = unavailable(error) ? this.retrievedFiles(cameraId, fromMs, toMs) : [];
      if (files.length === 0) throw error;
    }
    const live = toMs > this.now();
    return { text: renderVodPlaylist(files, { live, gapMs: this.local.gapMs, query }), live, files: files.length };
  }

  async file(cameraId: string, fileId: number): Promise<RecordingFileInfo | undefined> {
    const known = this.known.get(`${cameraId}/${fileId}`) ?? this.retrievedFile(cameraId, fileId);
    if (known) return known;
    const { branchId, localId } = this.where(cameraId);
    const file = await this.options.remote.file(branchId, localId, fileId);
    return file ? this.remember(cameraId, file) : undefined;
  }

  async send(res: Response, file: RecordingFileInfo, part: FilePart): Promise<void> {
    const recordingId = this.options.store.retrievedRecording(file.cameraId, file.id);
    const copy = recordingId === undefined ? undefined : this.options.recordings.byId(recordingId);
    if (copy) {
      return part === 'file'
        ? sendWholeFile(res, this.options.dataDir, copy)
        : sendSlice(res, this.options.dataDir, copy, part, this.inits);
    }
    const { branchId, localId } = this.where(file.cameraId);
    await this.relay(res, branchId, localId, file, part);
  }

  /**
   * Relays a branch file's part to one response, paced to what it may use of the link: at least the file's own
   * bitrate, which it reserves for as long as it runs (a 503 with the reason when that does not fit), and up to four times
   * that while no live stream needs the room.
   */
  private async relay(res: Response, branchId: string, localId: string, file: RecordingFileInfo, part: FilePart) {
    const budget = this.options.budget(branchId);
    const seconds = Math.max(1, (file.endMs - file.startMs) / 1000);
    const key = `playback:${randomBytes(6).toString('hex')}`;
    const admit = () => budget?.admitPlayback(key, (file.bytes * 8) / 1000 / seconds);
    if (this.options.admitting) this.options.admitting(file.cameraId, admit);
    else admit();
    const pacer = new Pacer(() => budget?.reservedKbps(key) ?? Number.POSITIVE_INFINITY);
    try {
      let size: number | undefined;
      for (let offset = 0; size === undefined || offset < size;) {
        const length = Math.min(RELAY_PIECE_BYTES, (size ?? offset + RELAY_PIECE_BYTES) - offset);
        await pacer.take(length);
        const piece = await this.options.remote.read(branchId, {
          cameraId: localId,
          fileId: file.id,
          part,
          offset,
          length,
        });
        if (size === undefined) {
          size = piece.partSize;
          if (size === 0) return void res.status(404).end();
          res.status(200).set({
            'Content-Type': MP4_TYPE,
            'Content-Length': String(size),
            'Cache-Control': 'private, max-age=86400',
          });
        }
        if (piece.data.length === 0 || res.destroyed) break;
        budget?.meter.add(piece.data.length);
        offset += piece.data.length;
        if (!res.write(piece.data) && !(await drained(res))) break;
      }
      res.end();
    } catch (error) {
      if (!res.headersSent) throw error;
      res.destroy();
    } finally {
      budget?.release(key);
    }
  }

  /** True the first time a key is asked within AUDIT_WINDOW_MS. */
  private firstAsk(key: string): boolean {
    const now = this.now();
    for (const [known, at] of this.asked) {
      if (now - at < AUDIT_WINDOW_MS) break;
      this.asked.delete(known);
    }
    if (this.asked.has(key)) return false;
    this.asked.set(key, now);
    return true;
  }

  private where(cameraId: string): { branchId: string; localId: string } {
    const where = this.options.mirrored(cameraId);
    if (!where) throw new Error(`camera ${cameraId} is not a branch camera`);
    return where;
  }

  private remember(cameraId: string, file: RecordFile): RecordingFileInfo {
    const info: RecordingFileInfo = { ...file, cameraId, path: '', open: false };
    if (this.known.size >= KNOWN_FILES) this.known.delete(this.known.keys().next().value as string);
    this.known.set(`${cameraId}/${file.id}`, info);
    return info;
  }

  /** The center's retrieved copies in a range, named by the branch's ids. */
  private retrievedFiles(cameraId: string, fromMs: number, toMs: number): PlaylistFile[] {
    const files: PlaylistFile[] = [];
    for (const row of this.options.recordings.files(cameraId, fromMs, toMs)) {
      const branchId = this.options.store.branchFileOf(row.id);
      if (branchId !== undefined) files.push({ ...row, id: branchId });
    }
    return files;
  }

  private retrievedFile(cameraId: string, fileId: number): RecordingFileInfo | undefined {
    const recordingId = this.options.store.retrievedRecording(cameraId, fileId);
    const row = recordingId === undefined ? undefined : this.options.recordings.byId(recordingId);
    return row ? { ...row, id: fileId } : undefined;
  }
}
