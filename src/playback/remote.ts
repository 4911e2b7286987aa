// What the playback routes ask of footage recorded on another hub: a branch hub's camera, at the center.
import type { Response } from 'express';
import type { RetrievalJobView } from '../contracts/index.js';
import type { RecordingFileInfo, TimeRanges, VodPlaylist } from './catalog.js';
import type { FilePart } from './media.js';

type Span = { startMs: number; endMs: number };

export interface RemoteRanges extends TimeRanges {
  /** Already in this hub's storage, and being fetched. */
  retrieved: readonly Span[];
  retrieving: readonly Span[];
  /** The other hub could not be asked: `recorded` is only what was retrieved. */
  unreachable: boolean;
}

/** Who asks, for the other hub's audit. */
export interface RemoteViewerInfo {
  username: string;
  reason: string | null;
}

export interface RemoteFootage {
  /** Whether the camera's footage lives on another hub; the other methods are asked only for such cameras. */
  owns(cameraId: string): boolean;
  ranges(cameraId: string, fromMs: number, toMs: number): Promise<RemoteRanges>;
  /** A VOD playlist naming the other hub's files by their ids there. */
  playlist(
    cameraId: string,
    fromMs: number,
    toMs: number,
    query: string,
    viewer: RemoteViewerInfo,
  ): Promise<VodPlaylist>;
  /** One of the camera's files by the other hub's id, or undefined. */
  file(cameraId: string, fileId: number): Promise<RecordingFileInfo | undefined>;
  /** Sends a file or its half: from this hub's copy when retrieved, else relayed within the link's budget. */
  send(res: Response, file: RecordingFileInfo, part: FilePart): Promise<void>;
  retrievals: RetrievalDoor;
}

/** Retrieval jobs as the routes see them; scope is checked by the routes on each job's camera. */
export interface RetrievalDoor {
  /** The most a retrieval may use of its link, kbit/s. */
  readonly capKbps: number;
  create(request: {
    cameraId: string;
    fromMs: number;
    toMs: number;
    userId: string | null;
    username: string | null;
    reason: string | null;
  }): RetrievalJobView;
  get(id: string): RetrievalJobView | undefined;
  list(cameraId: string | undefined): RetrievalJobView[];
  cancel(id: string): Promise<boolean>;
}
